package io.leakgate.report;

import io.leakgate.Version;
import io.leakgate.finding.Finding;
import io.leakgate.finding.LocationKind;
import io.leakgate.finding.Provenance;
import io.leakgate.finding.ScanResult;
import io.leakgate.finding.Skipped;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, the test report format CI servers display (GitLab's merge request widget, Jenkins):
 * one failed test case per finding, and one skipped test case per piece of content that was not
 * scanned. A run without findings has one passing case, because some readers treat a report
 * without test cases as an error.
 */
final class JunitReport implements Report {
    private final Redactor redactor;

    JunitReport(Redactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public void write(ScanResult result, Suppressed suppressed, OutputStream out) throws IOException {
        int failures = result.findings().size();
        List<Skipped> notScanned = NotScanned.listed(result);
        int tests = Math.max(1, failures) + notScanned.size();
        String time = String.format(Locale.ROOT, "%.3f", result.nanos() / 1e9);
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "leakgate");
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("time", time);
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "leakgate secrets");
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", Integer.toString(notScanned.size()));
            x.writeAttribute("time", time);
            x.writeAttribute("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            x.writeCharacters("\n    ");
            x.writeStartElement("properties");
            property(x, "leakgate.version", Version.get());
            property(x, "scanned", Long.toString(result.targets()));
            property(x, "bytes", Long.toString(result.bytes()));
            property(x, "baselined", Integer.toString(suppressed.baselined()));
            property(x, "ignored", Integer.toString(suppressed.ignored()));
            x.writeCharacters("\n    ");
            x.writeEndElement();
            for (Finding f : result.findings()) {
                testCase(x, f);
            }
            for (Skipped s : notScanned) {
                x.writeCharacters("\n    ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", clean(s.path()));
                x.writeAttribute("name", clean("not scanned: " + s.path()));
                x.writeAttribute("file", clean(s.path()));
                x.writeAttribute("time", "0");
                x.writeCharacters("\n      ");
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", clean(NotScanned.why(s)));
                x.writeCharacters("\n    ");
                x.writeEndElement();
            }
            if (failures == 0) {
                x.writeCharacters("\n    ");
                x.writeEmptyElement("testcase");
                x.writeAttribute("classname", "leakgate");
                x.writeAttribute("name", clean(Summary.line(result, suppressed)));
                x.writeAttribute("time", time);
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.flush();
            x.close();
            out.write('\n');
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
        out.flush();
    }

    private void testCase(XMLStreamWriter x, Finding f) throws XMLStreamException {
        String where = f.place() + ":" + f.line() + ":" + f.column();
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        // Readers group test cases by class name; the file (or the message) is the natural group.
        x.writeAttribute("classname", clean(f.place()));
        x.writeAttribute("name", clean(f.rule().id() + " at " + where));
        if (f.kind() == LocationKind.FILE) {
            // readers link this to the file in the checkout; a message has none
            x.writeAttribute("file", clean(f.path()));
        }
        x.writeAttribute("line", Integer.toString(f.line()));
        x.writeAttribute("time", "0");
        x.writeCharacters("\n      ");
        x.writeStartElement("failure");
        x.writeAttribute("type", f.rule().id());
        x.writeAttribute("message", clean(f.rule().severity().label() + ": " + SarifReport.shortText(f.rule())
                + " at " + where + ": " + redactor.apply(f.secret())));
        StringBuilder body = new StringBuilder()
                .append("rule:        ").append(f.rule().id()).append('\n')
                .append("severity:    ").append(f.rule().severity().label()).append('\n')
                .append("location:    ").append(where).append('\n')
                .append("kind:        ").append(f.kind().label()).append('\n')
                .append("secret:      ").append(redactor.apply(f.secret())).append('\n')
                .append("fingerprint: ").append(f.fingerprint()).append('\n');
        Provenance p = f.provenance();
        if (p != null) {
            body.append("commit:      ").append(p.commit()).append('\n');
            if (p.author() != null) {
                body.append("author:      ").append(p.author()).append('\n');
            }
            if (p.date() != null) {
                body.append("date:        ").append(p.date()).append('\n');
            }
        }
        if (!f.rule().description().isBlank()) {
            body.append(f.rule().description()).append('\n');
        }
        x.writeCharacters(clean(body.toString()));
        x.writeEndElement();
        x.writeCharacters("\n    ");
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", clean(value));
    }

    /** XML 1.0 cannot carry most control characters, even escaped; a path may hold them. */
    static String clean(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF
                    || Character.isSurrogate(c) && !validPair(s, i);
            if (bad && sb == null) {
                sb = new StringBuilder(s.substring(0, i));
            }
            if (sb != null) {
                sb.append(bad ? '\uFFFD' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
