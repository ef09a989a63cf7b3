package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.HelpText;
import org.junit.jupiter.api.Test;

/** The local jar's help (local, stream, invoke besides the tools' commands) reflowed, and its version the build's. */
class LocalHelpTextTest {

    @Test
    void noCommandsHelpBreaksASentenceByHand() {
        assertThat(HelpText.brokenSentences(Cli.commandLine())).isEmpty();
    }

    @Test
    void versionIsTheBuildsNotDev() {
        Cli.Run run = Cli.run("--version");
        assertThat(run.out.strip()).matches("ddb-backup-local \\d+\\.\\d+\\.\\d+\\S*");
    }
}
