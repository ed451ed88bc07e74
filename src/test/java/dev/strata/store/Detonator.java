package dev.strata.store;

import java.util.concurrent.atomic.AtomicInteger;

/** A class a hostile YAML tag names; counting constructions proves that the reader never builds one. */
public class Detonator {

    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    public Detonator() {
        CONSTRUCTED.incrementAndGet();
    }

    public Detonator(String argument) {
        CONSTRUCTED.incrementAndGet();
    }
}
