package dev.ddbbackup.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --to} times: ISO-8601 with a zone, e.g. {@code 2026-11-20T10:00:00Z} or {@code 2026-11-20T12:00:00+02:00}. */
final class TimeConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw new TypeConversionException("'" + value
                        + "' is not an ISO-8601 time with a zone (e.g. 2026-11-20T10:00:00Z)");
            }
        }
    }
}
