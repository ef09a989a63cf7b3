package dev.ddbbackup.local.s3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the JDK's {@code keytool}: a
 * PKCS12 key store for the S3 server's HTTPS port, and the certificate as PEM for the clients to
 * trust (the CRT HTTP client reads {@code SSL_CERT_FILE}). Benchmarks only: on AWS the function
 * talks HTTPS to S3, and HTTPS costs CPU that plain HTTP does not (TLS, and the SDK signs the
 * payload differently), so the CPU benchmark measures both.
 */
public record SelfSignedTls(Path keyStore, String password, String alias, Path certificatePem) {

    /** Creates the key store and the PEM in {@code dir}. */
    public static SelfSignedTls create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("s3-server.p12");
        Path pem = dir.resolve("s3-server.pem");
        Files.deleteIfExists(keyStore);
        String password = "bench-only";
        String alias = "s3";
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "7",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keyStore.toString(), "-storepass", password,
                "-file", pem.toString());
        return new SelfSignedTls(keyStore, password, alias, pem);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }
}
