package dev.ddbbackup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --version}: the jar's name (ddb-backup, ddb-backup-local, ddb-backup-bench) and the build's
 * version, which the build writes into {@code version.properties} (the Maven project version), so
 * that a run from classes in an IDE says the same as the jar.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() {
        return new String[] {spec.root().name() + " " + version()};
    }

    /** The build's version, e.g. 1.0.0-SNAPSHOT. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
