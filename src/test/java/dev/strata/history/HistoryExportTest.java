package dev.strata.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistoryExportTest {

    @Test
    void cells_are_quoted_when_needed_and_formulas_are_defused() {
        assertThat(HistoryExport.cell("plain")).isEqualTo("plain");
        assertThat(HistoryExport.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(HistoryExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(HistoryExport.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(HistoryExport.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(HistoryExport.cell("-1")).isEqualTo("\"'-1\"");
    }
}
