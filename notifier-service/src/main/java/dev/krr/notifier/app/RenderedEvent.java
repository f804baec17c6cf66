package dev.krr.notifier.app;

/** An event turned into the bytes a subscription's format asks for. */
public record RenderedEvent(String eventId, String contentType, byte[] body) {
}
