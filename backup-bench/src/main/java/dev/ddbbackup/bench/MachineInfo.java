package dev.ddbbackup.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine the numbers come from: cores, CPU, memory, OS and JVM. */
final class MachineInfo {

    String describe() {
        return String.format("%d cores (%s), %s RAM, %s %s %s", Runtime.getRuntime().availableProcessors(), cpuModel(),
                memory(), System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
    }

    String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.vendor") + ")";
    }

    /** The 1, 5 and 15 minute load averages (Linux), to judge how busy the machine was. */
    String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").orElse("CPU model unknown");
    }

    private static String memory() {
        return procLine("/proc/meminfo", "MemTotal")
                .map(v -> String.format("%.1f GB", Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static java.util.Optional<String> procLine(String file, String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
