package dev.ddbbackup.cli;

import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --version}: the jar's name (ddb-backup, ddb-backup-local, ddb-backup-bench) and the version
 * the build wrote into {@code version.properties} (the Maven project version), so that a run from
 * classes says the same as the jar.
 */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Spec
    CommandSpec spec;

    @Override
    public String[] getVersion() throws Exception {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            build.load(in);
        }
        return new String[] {spec.root().name() + " " + build.getProperty("version")};
    }
}
