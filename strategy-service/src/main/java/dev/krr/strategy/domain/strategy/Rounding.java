package dev.krr.strategy.domain.strategy;

/**
 * KRR's output rounding: CPU up to the next millicore, memory up to the next MiB, then the
 * minimums. 0.2040016 cores → 205m; 157,286,401 bytes → 151 MiB = 158,334,976 bytes.
 */
final class Rounding {

    static final long MIB = 1024L * 1024;

    private Rounding() {
    }

    /** Cores to millicores, rounded up; the 1e-9 absorbs float noise such as 10.000000000000002. */
    static long cpuMillicoresUp(double cores, long minMillicores) {
        long m = (long) Math.ceil(cores * 1000 - 1e-9);
        return Math.max(m, minMillicores);
    }

    static long memoryBytesUpToMib(double bytes, long minBytes) {
        long mib = (long) Math.ceil(bytes / MIB - 1e-12);
        return Math.max(mib * MIB, minBytes);
    }
}
