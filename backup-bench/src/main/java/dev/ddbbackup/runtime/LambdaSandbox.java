package dev.ddbbackup.runtime;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Lambda execution environment for a Java function on this machine: the deployment package
 * unpacked into a task root as Lambda unpacks it (classes at the root, {@code lib/*.jar}), and a
 * JVM started the way the managed java21 runtime starts one, running AWS's own runtime interface
 * client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda HANDLER}) with:
 *
 * <ul>
 *   <li>working directory the task root, which the client loads the function from;</li>
 *   <li>the runtime's own classpath only: the client and its libraries (the {@code runtimeJars}
 *       directory), never the package's jars, which the client loads itself;</li>
 *   <li>the environment Lambda sets ({@code AWS_LAMBDA_RUNTIME_API}, {@code _HANDLER},
 *       {@code AWS_LAMBDA_FUNCTION_*}, log group and stream, {@code AWS_REGION}, credentials,
 *       {@code LAMBDA_TASK_ROOT} ...) plus the function's variables, and nothing of this machine's;</li>
 *   <li>the runtime's JVM flags for the memory size: {@code -XX:MaxHeapSize} 85% of it,
 *       metaspace 10%, code cache 5%, {@code -XX:+UseSerialGC}, tiered compilation stopped at level
 *       1 (the java17+ runtimes' default), plus {@code -XX:MaxRAM} the memory size.</li>
 * </ul>
 *
 * Two deviations, both outside the package: the client's JNI library is unpacked into the sandbox
 * and named with the client's own system property (the client would otherwise unpack it to one
 * fixed {@code /tmp} file, which parallel sandboxes would overwrite), and on a machine that is not
 * arm64 the CRT native library of this machine's platform (a jar in {@code runtimeJars}) comes
 * first on the runtime's classpath, because the package ships the arm64 one only. A benchmark and
 * test tool: never part of the Lambda package.
 */
public final class LambdaSandbox implements AutoCloseable {

    /** The runtime interface client's entry point. */
    public static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static final String FUNCTION_NAME = "ddb-backup-function";
    private static final String REGION = "us-east-1";

    /** One line the function's process wrote, with {@link System#nanoTime()} at its arrival. */
    public record Line(String stream, String text, long nanos) {
    }

    private final Process process;
    private final long startedNanos;
    private final List<Line> lines = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();

    private LambdaSandbox(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
        readers.add(reader("stdout", process.getInputStream()));
        readers.add(reader("stderr", process.getErrorStream()));
    }

    /** What to start. */
    public static final class Options {
        private Path functionZip;
        private Path runtimeJars;
        private Path workDir;
        private String handler;
        private String runtimeApi;
        private int memoryMb = 1024;
        private final Map<String, String> functionEnvironment = new LinkedHashMap<>();
        private final Map<String, String> credentials = new LinkedHashMap<>();
        private boolean snapStart;

        /** The deployment package, as {@code sam build} unpacks it. */
        public Options functionZip(Path zip) { this.functionZip = zip; return this; }

        /** A directory with the runtime interface client and its libraries (and this platform's CRT jar). */
        public Options runtimeJars(Path dir) { this.runtimeJars = dir; return this; }

        /** Where the task root and the sandbox's temporary files go. */
        public Options workDir(Path dir) { this.workDir = dir; return this; }

        /** {@code package.Class::method}, as in the template. */
        public Options handler(String handler) { this.handler = handler; return this; }

        /** {@code host:port} of the Runtime API. */
        public Options runtimeApi(String address) { this.runtimeApi = address; return this; }

        public Options memoryMb(int memoryMb) { this.memoryMb = memoryMb; return this; }

        /** A variable of the function's configuration (the template's Environment.Variables). */
        public Options env(String name, String value) { functionEnvironment.put(name, value); return this; }

        /** Credentials as Lambda sets them without SnapStart: the three AWS_ variables. */
        public Options credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            credentials.clear();
            credentials.put("AWS_ACCESS_KEY_ID", accessKeyId);
            credentials.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
            credentials.put("AWS_SESSION_TOKEN", sessionToken);
            return this;
        }

        /**
         * SnapStart: {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, and credentials from the
         * container endpoint (as Lambda gives a SnapStart function) instead of variables.
         */
        public Options snapStart(String credentialsUri, String credentialsToken) {
            snapStart = true;
            credentials.clear();
            credentials.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentialsUri);
            credentials.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentialsToken);
            return this;
        }
    }

    public static Options options() {
        return new Options();
    }

    /** Unpacks the package and starts the runtime; the clock of {@link #startedNanos()} starts here. */
    public static LambdaSandbox start(Options o) throws IOException {
        Objects.requireNonNull(o.handler, "handler");
        Objects.requireNonNull(o.runtimeApi, "runtimeApi");
        if (o.functionZip == null || !Files.isRegularFile(o.functionZip)) {
            throw new IllegalArgumentException("Lambda package not found: " + o.functionZip
                    + " (build it with: mvn -B -DskipTests package)");
        }
        // Absolute: the JVM runs in the task root.
        List<Path> runtimeClasspath = runtimeClasspath(o.runtimeJars.toAbsolutePath());
        Path task = o.workDir.toAbsolutePath().resolve("task");
        Path tmp = o.workDir.toAbsolutePath().resolve("tmp");
        Files.createDirectories(tmp);
        ZipArchives.extract(o.functionZip, task);
        Path jni = unpackJni(runtimeClasspath, tmp);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(o.memoryMb));
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-D" + JNI_PROPERTY + "=" + jni);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, runtimeClasspath.stream().map(Path::toString).toList()));
        command.add(RUNTIME_MAIN);
        command.add(o.handler);

        ProcessBuilder pb = new ProcessBuilder(command).directory(task.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(lambdaEnvironment(o, task));
        long started = System.nanoTime();
        return new LambdaSandbox(pb.start(), started);
    }

    /** The JVM flags of the managed java21 runtime for {@code memoryMb} (and the sandbox's size). */
    public static List<String> jvmOptions(int memoryMb) {
        long kb = memoryMb * 1024L;
        return List.of("-XX:MaxHeapSize=" + kb * 85 / 100 + "k", "-XX:MaxMetaspaceSize=" + kb * 10 / 100 + "k",
                "-XX:ReservedCodeCacheSize=" + kb * 5 / 100 + "k", "-XX:+UseSerialGC", "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1", "-XX:MaxRAM=" + memoryMb + "m", "-Djava.net.preferIPv4Stack=true",
                "-Dfile.encoding=UTF-8");
    }

    private static Map<String, String> lambdaEnvironment(Options o, Path task) {
        Objects.requireNonNull(o.runtimeJars, "runtimeJars");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", o.runtimeApi);
        env.put("_HANDLER", o.handler);
        env.put("LAMBDA_TASK_ROOT", task.toString());
        env.put("LAMBDA_RUNTIME_DIR", o.runtimeJars.toAbsolutePath().toString());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(o.memoryMb));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", o.snapStart ? "snap-start" : "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + FUNCTION_NAME);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[1]" + Long.toHexString(System.nanoTime()));
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.putAll(o.credentials);
        env.putAll(o.functionEnvironment);
        return env;
    }

    /** The runtime's classpath: every jar of the directory, this platform's CRT jar first, the other platforms' left out. */
    public static List<Path> runtimeClasspath(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Runtime jars not found: " + dir + " (the build copies the runtime"
                    + " interface client and its libraries there: mvn -B -DskipTests package)");
        }
        String platform = platform();
        List<Path> crt = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
                String name = jar.getFileName().toString();
                if (name.startsWith("aws-crt-")) {
                    // arm64 needs none: the package's own lib/ has the arm64 build.
                    if (name.endsWith("-" + platform + ".jar") && !platform.equals("linux-aarch_64")) {
                        crt.add(jar);
                    }
                } else {
                    others.add(jar);
                }
            }
        }
        if (others.stream().noneMatch(j -> j.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client-"))) {
            throw new IllegalArgumentException("No aws-lambda-java-runtime-interface-client jar in " + dir);
        }
        List<Path> classpath = new ArrayList<>(crt);
        classpath.addAll(others);
        return classpath;
    }

    /** The classifier of this machine's native libraries (CRT and the runtime client use the same names). */
    static String platform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return arch.equals("aarch64") || arch.equals("arm64") ? "linux-aarch_64" : "linux-x86_64";
    }

    /** Unpacks this platform's JNI library of the runtime interface client (glibc build). */
    private static Path unpackJni(List<Path> classpath, Path tmp) throws IOException {
        Path ric = classpath.stream()
                .filter(j -> j.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client-"))
                .findFirst().orElseThrow();
        String entry = "jni/libaws-lambda-jni." + platform() + ".so";
        Path target = tmp.resolve("libaws-lambda-jni.so");
        try (FileSystem zip = FileSystems.newFileSystem(ric)) {
            if (!Files.exists(zip.getPath(entry))) {
                throw new IOException(entry + " not found in " + ric);
            }
            Files.copy(zip.getPath(entry), target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private Thread reader(String stream, InputStream in) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(new Line(stream, line, System.nanoTime()));
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "sandbox-" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** {@link System#nanoTime()} just before the JVM was started. */
    public long startedNanos() {
        return startedNanos;
    }

    /** Every line written so far, stdout and stderr, in arrival order. */
    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end on its own; its exit code, or null when it is still running. */
    public Integer waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        for (Thread t : readers) {
            t.join(5_000);
        }
        return process.exitValue();
    }

    /** Ends the runtime as Lambda ends an idle environment (SIGTERM, then SIGKILL), and waits for its output. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (Thread t : readers) {
            t.join(5_000);
        }
    }
}
