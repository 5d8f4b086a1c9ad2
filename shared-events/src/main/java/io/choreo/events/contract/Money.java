package io.choreo.events.contract;

import java.math.BigDecimal;

/** An amount in a currency. */
public record Money(BigDecimal amount, String currency) {}
