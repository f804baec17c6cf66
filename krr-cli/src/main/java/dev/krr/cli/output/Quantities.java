package dev.krr.cli.output;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Renders resource values the way kubectl users read them: {@code 250m}, {@code 1.5}, {@code 300Mi}, {@code 2Gi}. */
public final class Quantities {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024L * MIB;

    private Quantities() {
    }

    /** 250 → "250m", 1500 → "1.5", 2000 → "2"; null → "unset". */
    public static String cpu(Long millicores) {
        if (millicores == null) {
            return "unset";
        }
        if (millicores < 1000) {
            return millicores + "m";
        }
        return BigDecimal.valueOf(millicores).divide(BigDecimal.valueOf(1000), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    /** 314572800 → "300Mi", 2147483648 → "2Gi", 1610612736 → "1.5Gi"; null → "unset". */
    public static String memory(Long bytes) {
        if (bytes == null) {
            return "unset";
        }
        if (bytes >= GIB) {
            return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(GIB), 1, RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString() + "Gi";
        }
        if (bytes >= MIB) {
            return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(MIB), 0, RoundingMode.HALF_UP).toPlainString() + "Mi";
        }
        return bytes + "B";
    }
}
