package dev.ddbbackup.bench;

import dev.ddbbackup.bench.probe.FunctionProbe;
import dev.ddbbackup.stream.LocalContext;
import dev.ddbbackup.runtime.ZipArchives;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The function as Lambda runs it, in fresh JVMs on this machine: the classes and lib/ jars of the
 * Lambda zip (its linux-aarch_64 CRT jar swapped for the all-platform one, as this machine may be
 * x86_64), the Lambda Java runtime's JVM options, configuration by environment variables only, plus the
 * probe classes ({@code dev.ddbbackup.bench.probe}, with the local product's Lambda {@link LocalContext})
 * and nothing else of the tools.
 */
final class FunctionRuntime {

    /** The JIT a probe JVM runs with. */
    public enum Jit {
        /** Tiered compilation stopped at C1: the java17 and java21 runtimes' default (in Lambda's launch options). */
        C1("C1 only", List.of()),
        /** The JVM's default tiered compilation (C1, then C2 for hot code): java25 with SnapStart, or level 4 set by hand. */
        TIERED("full tiered JIT", List.of("-XX:TieredStopAtLevel=4"));

        final String label;
        final List<String> options;

        Jit(String label, List<String> options) {
            this.label = label;
            this.options = options;
        }
    }

    private static final String PROBE_PACKAGE = FunctionProbe.class.getPackageName().replace('.', '/') + "/";
    /** The Context the probes invoke the handler with: the local pipeline's, not a copy of it. */
    private static final String CONTEXT_CLASS = LocalContext.class.getName().replace('.', '/') + ".class";

    private final String classpath;
    private final List<String> jars;
    private final Map<String, String> env;
    private final String lambdaJvmOptions;
    private final Path javaHome;
    private final List<String> extraOptions;

    private FunctionRuntime(String classpath, List<String> jars, Map<String, String> env, String lambdaJvmOptions,
            Path javaHome, List<String> extraOptions) {
        this.extraOptions = List.copyOf(extraOptions);
        this.classpath = classpath;
        this.jars = jars;
        this.env = env;
        this.lambdaJvmOptions = lambdaJvmOptions;
        this.javaHome = javaHome != null ? javaHome : Path.of(System.getProperty("java.home"));
    }

    /**
     * Unpacks the Lambda zip and the probe classes into {@code workDir}: the function as the plan
     * runs it (its CRT jar, Lambda's launch options, the probes' JDK, null for this JVM's, and
     * their extra JVM options, a profiler's).
     */
    static FunctionRuntime prepare(Path functionZip, BenchPlan plan, Path workDir, Map<String, String> env)
            throws IOException {
        if (functionZip == null || !Files.isRegularFile(functionZip)) {
            throw new IllegalArgumentException("Lambda zip not found: " + functionZip
                    + " (build it with: mvn -B -DskipTests package)");
        }
        Path task = workDir.resolve("task");
        ZipArchives.extract(functionZip, task);
        Path lib = task.resolve("lib");
        List<String> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(lib)) {
            for (Path jar : (Iterable<Path>) files.filter(j -> j.getFileName().toString()
                    .matches("aws-crt-.*-linux-aarch_64\\.jar"))::iterator) {
                Files.delete(jar);
            }
        }
        Path crt = plan.crtJar != null ? plan.crtJar : codeSource(software.amazon.awssdk.crt.CRT.class);
        Files.copy(crt, lib.resolve(crt.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        List<String> cp = new ArrayList<>();
        cp.add(task.toString());
        try (Stream<Path> files = Files.list(lib)) {
            files.sorted().forEach(jar -> {
                cp.add(jar.toString());
                jars.add(jar.getFileName().toString());
            });
        }
        Path probe = workDir.resolve("probe");
        copyProbeClasses(probe);
        cp.add(probe.toString());
        return new FunctionRuntime(String.join(java.io.File.pathSeparator, cp), jars, env, plan.lambdaJvmOptions,
                plan.probeJavaHome, plan.probeJvmOptions);
    }

    /** The jar names on the classpath (for the report). */
    List<String> jars() {
        return jars;
    }

    /** Runs a probe JVM with the given JIT to the end; the key=value pairs of its PROBE line. */
    Map<String, Long> probe(Jit jit, String... probeArgs) throws IOException, InterruptedException {
        return probeValues(output(start(jit, List.of(), probeArgs)));
    }

    /** Starts a probe JVM with the given JIT; {@code extraJvmOptions} come before the main class. */
    Process start(Jit jit, List<String> extraJvmOptions, String... probeArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(List.of(lambdaJvmOptions.trim().split("\\s+")));
        command.addAll(jit.options);
        command.addAll(extraOptions);
        command.addAll(extraJvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(FunctionProbe.class.getName());
        command.addAll(List.of(probeArgs));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // Only what Lambda would set: no AWS variables of the user's shell leak into the probe.
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs a probe to the end and returns its output lines; a failed probe fails the benchmark. */
    static List<String> output(Process process) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = process.getInputStream()) {
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        int exit = process.waitFor();
        if (exit != 0 || lines.stream().noneMatch(l -> l.startsWith("PROBE "))) {
            throw new IllegalStateException("Probe failed (exit " + exit + "):\n" + String.join("\n", lines));
        }
        return lines;
    }

    /** key=value pairs of the probe's PROBE line. */
    private static Map<String, Long> probeValues(List<String> lines) {
        String line = lines.stream().filter(l -> l.startsWith("PROBE ")).findFirst().orElseThrow();
        Map<String, Long> values = new java.util.LinkedHashMap<>();
        for (String part : line.substring(6).trim().split(" ")) {
            String[] kv = part.split("=", 2);
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return values;
    }

    /** Copies the probe package's classes and the Context class from wherever this JVM loaded them. */
    private static void copyProbeClasses(Path target) throws IOException {
        copyClasses(codeSource(FunctionProbe.class), PROBE_PACKAGE, target);
        copyClasses(codeSource(LocalContext.class), CONTEXT_CLASS, target);
    }

    /**
     * Copies the class files whose names start with {@code prefix} (a package directory or one
     * class file) from a jar or a classes directory (the tools jar or the reactor build).
     */
    private static void copyClasses(Path source, String prefix, Path target) throws IOException {
        // A jar is opened as a file system of its own, so that it is walked as a directory is.
        try (FileSystem jar = Files.isDirectory(source) ? null : FileSystems.newFileSystem(source)) {
            Path root = jar == null ? source : jar.getPath("/");
            try (Stream<Path> files = Files.walk(root.resolve(prefix))) {
                for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                    Path out = target.resolve(root.relativize(f).toString());
                    Files.createDirectories(out.getParent());
                    Files.copy(f, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
