package io.arrowfamfs.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Octal permission bits from the command line, e.g. {@code 0644}; anything else is a usage error. */
final class Modes implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String mode) {
        try {
            int bits = Integer.parseInt(mode, 8);
            if (bits >= 0 && bits <= 07777) {
                return bits;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("invalid mode: " + mode + " (expected octal, e.g. 0644)");
    }
}
