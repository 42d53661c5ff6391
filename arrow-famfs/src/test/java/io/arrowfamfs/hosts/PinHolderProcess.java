package io.arrowfamfs.hosts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/** {@code DIR FS_UUID COUNT}: pins COUNT in the pin table under DIR, prints "pinned COUNT", waits for stdin to close. */
public final class PinHolderProcess {
    public static void main(String[] args) throws IOException {
        long count = Long.parseLong(args[2]);
        try (Pins pins = Pins.open(Path.of(args[0]), UUID.fromString(args[1]), HostsVolume.FAST);
                Pin pin = pins.pin(() -> count)) {
            System.out.println("pinned " + pin.count());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the pin until the parent closes stdin, or kills this process
            }
        }
    }
}
