package dev.ddbbackup.testing;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code --help} of a command line and of each of its commands, read for lines broken in the
 * middle of a sentence: a line that ends in a lowercase word, followed by one that goes on in
 * lowercase, although that word would have fitted on the first line. picocli wraps a description
 * only where the next word would reach the last column, so such a break is a hard-coded one in the
 * source (one sentence split over two description lines).
 */
public final class HelpText {

    private HelpText() {
    }

    /** Every such break in the help of {@code root} and its commands, as "command: line / next line". */
    public static List<String> brokenSentences(CommandLine root) {
        List<String> found = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        commands.addAll(root.getSubcommands().values());
        for (CommandLine command : commands) {
            found.addAll(brokenSentences(command.getCommandName(), command.getUsageMessage(CommandLine.Help.Ansi.OFF),
                    command.getCommandSpec().usageMessage().width()));
        }
        return found;
    }

    /** The breaks in one help text laid out {@code width} columns wide. */
    public static List<String> brokenSentences(String name, String help, int width) {
        List<String> found = new ArrayList<>();
        String[] lines = help.split("\\R");
        for (int i = 0; i + 1 < lines.length; i++) {
            String line = lines[i].stripTrailing();
            String next = lines[i + 1].strip();
            if (line.isBlank() || next.isEmpty()) {
                continue;
            }
            String last = line.substring(line.lastIndexOf(' ') + 1);
            String first = next.split(" ")[0];
            if (last.matches("[a-z][a-z'-]*,?") && first.matches("[a-z(].*") && line.length() + 1 + first.length() < width) {
                found.add(name + ": \"" + line.strip() + "\" / \"" + next + "\"");
            }
        }
        return found;
    }
}
