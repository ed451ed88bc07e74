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

    @Test
    void a_leading_tab_or_carriage_return_is_defused_like_a_formula() {
        assertThat(HistoryExport.cell("\t=1+1")).isEqualTo("\"'\t=1+1\"");
        assertThat(HistoryExport.cell("\r=1+1")).isEqualTo("\"'\r=1+1\"");
        assertThat(HistoryExport.cell("\tplain")).isEqualTo("\"'\tplain\"");
        assertThat(HistoryExport.cell("in\tbetween")).isEqualTo("in\tbetween");
    }
}
