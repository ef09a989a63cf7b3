package dev.ddbbackup.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every time option ({@code --to}, {@code --from}): ISO-8601 ({@code 2026-11-20T10:15:00Z}, offsets
 * allowed) or {@code now}. A time after now is refused here, while the command line is read, so no
 * command makes a network call for it: a backup holds no change after now, and a restore "as of
 * tomorrow" would silently be a restore as of now.
 */
public final class PointInTime implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String text) {
        Instant now = Instant.now();
        if ("now".equalsIgnoreCase(text.strip())) {
            return now;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' must be ISO-8601 like 2026-11-20T10:15:00Z, or 'now'");
        }
        if (time.isAfter(now)) {
            throw new TypeConversionException(time + " is in the future (now: " + now.truncatedTo(ChronoUnit.SECONDS)
                    + "): the backup holds no change after now");
        }
        return time;
    }
}
