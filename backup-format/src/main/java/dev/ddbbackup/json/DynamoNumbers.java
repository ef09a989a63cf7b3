package dev.ddbbackup.json;

import java.math.BigDecimal;

/**
 * DynamoDB's rules for a number ({@code N}, members of {@code NS}): decimal text, up to 38
 * significant digits, magnitude between 1E-130 and 1E126 (exclusive) or zero. A value outside
 * them cannot have come from DynamoDB and could not be written back to it, so the function
 * quarantines it and a restore refuses it.
 */
final class DynamoNumbers {

    private static final int MAX_DIGITS = 38;
    private static final BigDecimal SMALLEST = new BigDecimal("1E-130");
    private static final BigDecimal TOO_LARGE = new BigDecimal("1E126");

    private DynamoNumbers() {
    }

    static boolean isValid(String text) {
        return reason(text) == null;
    }

    /** The number's text, or a {@link MalformedAttributeException} naming {@code path}. */
    static String check(String text, String path) {
        String reason = reason(text);
        if (reason != null) {
            throw new MalformedAttributeException(path, reason);
        }
        return text;
    }

    private static String reason(String text) {
        if (text == null || text.isEmpty()) {
            return "a number must not be empty";
        }
        BigDecimal n;
        try {
            n = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return "not a number: '" + abbreviate(text) + "'";
        }
        if (n.signum() == 0) {
            return null;
        }
        BigDecimal magnitude = n.abs();
        if (magnitude.compareTo(SMALLEST) < 0 || magnitude.compareTo(TOO_LARGE) >= 0) {
            return "number out of DynamoDB's range (1E-130 to 1E126): " + abbreviate(text);
        }
        if (n.stripTrailingZeros().precision() > MAX_DIGITS) {
            return "more than 38 significant digits: " + abbreviate(text);
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
