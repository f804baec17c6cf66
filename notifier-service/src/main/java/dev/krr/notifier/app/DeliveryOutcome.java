package dev.krr.notifier.app;

/** Result of delivering one event with retries: delivered, or given up with the reason (then dead-lettered). */
public record DeliveryOutcome(boolean delivered, int attempts, String reason) {

    public static DeliveryOutcome delivered(int attempts) {
        return new DeliveryOutcome(true, attempts, "");
    }

    public static DeliveryOutcome gaveUp(int attempts, String reason) {
        return new DeliveryOutcome(false, attempts, reason);
    }
}
