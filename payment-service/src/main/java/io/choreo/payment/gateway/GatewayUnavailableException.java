package io.choreo.payment.gateway;

/** The gateway could not be reached or failed; worth retrying. */
public class GatewayUnavailableException extends RuntimeException {

    public GatewayUnavailableException(String message) {
        super(message);
    }
}
