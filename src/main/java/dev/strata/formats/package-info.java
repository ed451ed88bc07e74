/** Each file format's one reader and one writer: YAML, JSON, properties and .env. */
@NullMarked
package dev.strata.formats;

import org.jspecify.annotations.NullMarked;
