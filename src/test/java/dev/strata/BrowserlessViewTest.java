package dev.strata;

import com.vaadin.browserless.SpringBrowserlessTest;
import java.util.Set;

/**
 * The base of the view tests without a browser. browserless-test finds the routes by scanning the
 * test class's own package with ClassGraph, once per package and JVM, and every scan opens the whole
 * class path: seconds of CPU for each of the eight packages with view tests. These scan all of Strata
 * instead, the same routes, once per JVM.
 */
public abstract class BrowserlessViewTest extends SpringBrowserlessTest {

    @Override
    protected Set<String> scanPackages() {
        return Set.of("dev.strata");
    }
}
