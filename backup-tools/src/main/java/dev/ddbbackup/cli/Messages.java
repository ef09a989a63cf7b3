package dev.ddbbackup.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error messages for people: no Java class names (least of all the shaded copies inside the Lambda
 * serialisation library, {@code com.amazonaws.lambda.thirdparty...}), and Jackson's reference
 * chains as a path ({@code Records[0].dynamodb.NewImage.b.B}).
 */
public final class Messages {

    private static final Pattern CLASS_PREFIX =
            Pattern.compile("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*|$)");
    private static final Pattern CHAIN = Pattern.compile("\\(through reference chain: ([^)]*)\\)");
    private static final Pattern CHAIN_STEP = Pattern.compile("\\[(\"([^\"]*)\"|(\\d+))\\]");

    private Messages() {
    }

    /** The message of {@code e} (or of its cause, when it has none of its own), cleaned. */
    public static String of(Throwable e) {
        String message = e.getMessage();
        Throwable t = e;
        while ((message == null || message.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            message = t.getMessage();
        }
        return clean(message == null ? e.getClass().getSimpleName() : message);
    }

    static String clean(String message) {
        String s = message.replace("com.amazonaws.lambda.thirdparty.", "");
        Matcher chain = CHAIN.matcher(s);
        StringBuilder out = new StringBuilder();
        while (chain.find()) {
            chain.appendReplacement(out, Matcher.quoteReplacement("(at " + path(chain.group(1)) + ")"));
        }
        chain.appendTail(out);
        s = CLASS_PREFIX.matcher(out.toString()).replaceAll("");
        // Jackson adds " at [Source: ...; line: 1, column: 2]" on a line of its own: keep it on one line.
        return s.replaceAll("\\s*\\n\\s*", " ").strip();
    }

    private static String path(String chain) {
        StringBuilder path = new StringBuilder();
        Matcher step = CHAIN_STEP.matcher(chain);
        while (step.find()) {
            if (step.group(2) != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(step.group(2));
            } else {
                path.append('[').append(step.group(3)).append(']');
            }
        }
        return path.length() == 0 ? "$" : path.toString();
    }
}
