#include "preview/markdownrenderer.h"

#include <QElapsedTimer>
#include <QTest>

#include <md4c-html.h>

#include <random>

using Meetdown::MarkdownRenderer;
using Meetdown::RenderOptions;

namespace {

void appendOutput(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    static_cast<QByteArray *>(userdata)->append(text, size);
}

// md4c's own renderer is the reference; entities stay verbatim in ours, so they do in it.
QByteArray referenceHtml(const QByteArray &markdown)
{
    QByteArray padded = markdown;
    padded.append(16, '\0'); // md4c 0.4.8 reads past the end of some inputs
    QByteArray html;
    md_html(padded.constData(), static_cast<MD_SIZE>(markdown.size()), appendOutput, &html,
            MD_DIALECT_GITHUB, MD_HTML_FLAG_VERBATIM_ENTITIES);
    return html;
}

const QByteArray kLineAttribute = " data-source-line=\"";

QByteArray withoutSourceLines(const QByteArray &html)
{
    QByteArray stripped;
    qsizetype from = 0;
    for (qsizetype at; (at = html.indexOf(kLineAttribute, from)) >= 0;) {
        stripped.append(html.constData() + from, at - from);
        from = html.indexOf('"', at + kLineAttribute.size()) + 1;
    }
    stripped.append(html.constData() + from, html.size() - from);
    return stripped;
}

// md4c-html closes an image at its innermost nested image (see the renderer); such inputs are
// compared in nestedImageAltStaysInAttribute instead.
bool hasNestedImage(const QByteArray &markdown)
{
    const qsizetype first = markdown.indexOf("![");
    return first >= 0 && markdown.indexOf("![", first + 2) >= 0;
}

QByteArray render(const QByteArray &markdown, RenderOptions options = {})
{
    const auto result = MarkdownRenderer::render(markdown, options);
    return result.truncated ? QByteArray("<truncated>") : result.html;
}

} // namespace

class TestMarkdownRenderer : public QObject
{
    Q_OBJECT

private slots:
    void matchesMd4cHtml_data();
    void matchesMd4cHtml();
    void nestedImageAltStaysInAttribute();
    void edgeInputsDoNotCrash();
    void randomInputs();
    void sourceLinesNumberBlocks();
    void sourceLinesOnlyWhenAsked();
    void hugeTableIsTruncated();
    void truncationCutsCleanly();
};

void TestMarkdownRenderer::matchesMd4cHtml_data()
{
    QTest::addColumn<QByteArray>("markdown");
    QTest::newRow("atx headings") << QByteArray("# One\n## Two ##\n###### Six\n####### not\n");
    QTest::newRow("setext headings") << QByteArray("Title\n=====\n\nSub *title*\n---\n");
    QTest::newRow("emphasis") << QByteArray("*em* _em_ **strong** __strong__ ***both*** a*b*c\n");
    QTest::newRow("code spans") << QByteArray("Use `a < b && \"c\"` and `` ` `` here\n");
    QTest::newRow("fenced code with info")
        << QByteArray("```c++ {.numberLines}\nint main() { return a<b && c>\"d\"; }\n```\n");
    QTest::newRow("fence info with entity and quote")
        << QByteArray("~~~ a&amp;b\"<x rest\ncode\n~~~\n");
    QTest::newRow("fenced code without info") << QByteArray("```\n\n  indented\n\n```\n");
    QTest::newRow("indented code")
        << QByteArray("Para\n\n    code <here>\n      more\n\n    last\n");
    QTest::newRow("bullet list") << QByteArray("- a\n- b\n+ c\n* d\n");
    QTest::newRow("ordered list with start") << QByteArray("3. three\n4. four\n\n1) one\n");
    QTest::newRow("nested loose list")
        << QByteArray("1. first\n\n   para\n   - inner\n     - deeper\n2. second\n");
    QTest::newRow("empty items") << QByteArray("-\n- b\n-\n\n  c\n");
    QTest::newRow("blockquotes") << QByteArray(
        "> quote\n> > nested\n>\n> - list\n\nlazy\n> x\ny\n");
    QTest::newRow("table with alignment")
        << QByteArray("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | `2` | **3** | 4 |\n|5|\n");
    QTest::newRow("table with escaped pipe") << QByteArray("a|b\n-|-\nc \\| d|e|f\n");
    QTest::newRow("task lists") << QByteArray(
        "- [ ] todo\n- [x] done\n- [X] Done\n1. [x] ordered\n- [] not\n");
    QTest::newRow("strikethrough") << QByteArray("~~gone~~ ~one~ ~~~three~~~\n");
    QTest::newRow("autolinks") << QByteArray(
        "<https://a.b/c?d=e&f=g> www.example.com/x, https://x.y/z_(w) "
        "me@example.org <mailto:a@b.c>\n");
    QTest::newRow("html block") << QByteArray(
        "<div class=\"x\">\n*not md*\n</div>\n\n<!-- c -->\n");
    QTest::newRow("inline html") << QByteArray("a <span title=\"&\">b</span> <br/> c\n");
    QTest::newRow("entities") << QByteArray(
        "&amp; &copy; &#169; &#xA9; &bogus &nosuchentity; AT&T\n");
    QTest::newRow("image with nested emphasis")
        << QByteArray("![a *b* **c** `d` [e](f) &amp; \"q\"\nline](/i.png \"T&\\\"\")\n");
    QTest::newRow("link titles and url chars") << QByteArray(
        "[a](/p?q=1&r=\"2\" 'title \"x\" <y>') [b](<x y{z}|~'^`[]>) [c](é/%20\\\\)\n");
    QTest::newRow("link with entity in url") << QByteArray("[a](/x?a=1&amp;b=2&#1; \"&lt;\")\n");
    QTest::newRow("hard breaks") << QByteArray("one  \ntwo\\\nthree\nfour\n");
    QTest::newRow("rules") << QByteArray("a\n\n---\n***\n_ _ _\n");
    static const char nuls[] = "a\0b\n\n```x\0y\n\0\n```\n`\0`\n![\0](\0 \"\0\")\n";
    QTest::newRow("nul bytes") << QByteArray(nuls, sizeof nuls - 1);
    QTest::newRow("reference links") << QByteArray(
        "[one][] [two][ref] [Three]\n\n[one]: /1\n[ref]: </2 x> \"T\"\n[three]: /3 'w'\n");
    QTest::newRow("backslash escapes") << QByteArray("\\*no\\* \\<tag\\> \\& \\\\\n");
    QTest::newRow("utf8 and bom") << QByteArray("\xEF\xBB\xBFGrüße — 日本語 ![ü](ü.png)\n");
    QTest::newRow("crlf") << QByteArray("# a\r\n\r\nb\r\nc  \r\nd\r\n");
    QTest::newRow("meetup post") << QByteArray(
        "## Agenda\n\nWe met at **Café Central** ([map](https://osm.org/?q=a&b)).\n\n"
        "1. Talk: *Qt 6*\n2. Demo\n\n| Time | Who |\n|---:|:---|\n| 18:00 | Ana |\n\n"
        "![Group photo](/assets/2024/group.jpg \"All of us\")\n\n> Great evening!\n");
}

void TestMarkdownRenderer::matchesMd4cHtml()
{
    QFETCH(QByteArray, markdown);
    const QByteArray expected = referenceHtml(markdown);
    const auto result = MarkdownRenderer::render(markdown);
    QVERIFY(!result.truncated);
    QCOMPARE(result.html, expected);

    RenderOptions withLines;
    withLines.sourceLines = true;
    const QByteArray numbered = render(markdown, withLines);
    QVERIFY(numbered.contains(kLineAttribute) || !expected.contains("<p>"));
    QCOMPARE(withoutSourceLines(numbered), expected);
}

void TestMarkdownRenderer::nestedImageAltStaysInAttribute()
{
    QCOMPARE(render("![a ![b](/c \"t\") *d*](/e \"T\") f\n"),
             QByteArray("<p><img src=\"/e\" alt=\"a b d\" title=\"T\"> f</p>\n"));
    // Where md4c-html is right, so are we.
    QCOMPARE(render("![a ![b](/c)](/e)\n"), referenceHtml("![a ![b](/c)](/e)\n"));
}

void TestMarkdownRenderer::edgeInputsDoNotCrash()
{
    const QByteArray inputs[] = {
        "",     "2",    "[a](", "[a](<", "`",   "<",   "&",
        "&#",   "|",    "|-",   "a\n|-", "- [", "```", "![a](",
        "\n\n", "    ", "*_*_", "<!--",  "~~",  ">",   QByteArray(1, '\0')};
    for (const QByteArray &input : inputs)
        QCOMPARE(render(input), referenceHtml(input));
    QCOMPARE(render("2"), QByteArray("<p>2</p>\n"));
}

void TestMarkdownRenderer::randomInputs()
{
    // Markdown punctuation makes the parser take its rarer paths far more often than noise would.
    static const char alphabet[] = "ab1 \n\n\t*_`~|-:#>[]()<>!&;\"'\\/.=x\0\xC3\xA9\xFF";
    std::mt19937 random(20240607);
    int compared = 0;
    for (int round = 0; round < 2000; ++round) {
        QByteArray input(std::uniform_int_distribution<int>(0, 700)(random), Qt::Uninitialized);
        const bool raw = round % 4 == 0;
        for (char &c : input) {
            c = raw ? static_cast<char>(random()) : alphabet[random() % (sizeof alphabet - 1)];
        }
        RenderOptions options;
        const QByteArray plain = render(input, options);
        if (!hasNestedImage(input)) {
            QCOMPARE(plain, referenceHtml(input));
            ++compared;
        }
        options.sourceLines = true;
        options.firstLine = round;
        const QByteArray numbered = render(input, options);
        QCOMPARE(withoutSourceLines(numbered), plain);

        options.maxOutputBytes = round % 97;
        const auto bounded = MarkdownRenderer::render(input, options);
        QVERIFY(bounded.html.size() <= options.maxOutputBytes);
        QVERIFY(withoutSourceLines(numbered).startsWith(withoutSourceLines(bounded.html)));
        QCOMPARE(bounded.truncated, numbered.size() > options.maxOutputBytes);
    }
    QVERIFY(compared > 1000);
}

void TestMarkdownRenderer::sourceLinesNumberBlocks()
{
    RenderOptions options;
    options.sourceLines = true;
    options.firstLine = 5;
    QCOMPARE(render("# Title\n\nParagraph on line 3\n", options),
             QByteArray("<h1 data-source-line=\"5\">Title</h1>\n"
                        "<p data-source-line=\"7\">Paragraph on line 3</p>\n"));

    // Every numbered block starts with "L<its line>", so each attribute can be checked against the
    // text that follows it.
    const char *lines[] = {"# L# heading",
                           "",
                           "L# paragraph",
                           "continues",
                           "",
                           "> L# quote",
                           "> still",
                           "",
                           "- L# item",
                           "- L# item",
                           "  - L# nested",
                           "",
                           "1. L# loose",
                           "",
                           "   L# second paragraph",
                           "",
                           "```c",
                           "L# code",
                           "```",
                           "",
                           "| L# a | b |",
                           "|---|---|",
                           "| L# c | d |",
                           "|  | L# e |",
                           "",
                           "- [x] L# task",
                           "",
                           "L# setext",
                           "======",
                           "",
                           "*L# emphasised* start",
                           "",
                           "[L# link](https://x.y) after",
                           "",
                           "![alt](i.png) L# after image",
                           "",
                           "    L# indented code",
                           "",
                           "-",
                           "- L# after an empty item",
                           "",
                           "> ---",
                           "> L# after a rule"};
    options.firstLine = 10;
    QByteArray markdown;
    for (int i = 0; i < int(std::size(lines)); ++i)
        markdown += QByteArray(lines[i]).replace("L#", "L" + QByteArray::number(10 + i)) + '\n';
    const QByteArray html = render(markdown, options);

    int checked = 0;
    for (qsizetype at = 0; (at = html.indexOf(kLineAttribute, at)) >= 0; ++checked) {
        at += kLineAttribute.size();
        const qsizetype end = html.indexOf('"', at);
        const QByteArray marker = 'L' + html.mid(at, end - at);
        qsizetype text = html.indexOf('>', end) + 1;
        while (html[text] == '<' || html[text] == '\n' || html[text] == ' ')
            text = html[text] == '<' ? html.indexOf('>', text) + 1 : text + 1;
        QVERIFY2(html.mid(text, marker.size() + 1) == marker + ' ',
                 (marker + " is followed by " + html.mid(text, 20)).constData());
    }
    QCOMPARE(checked, 24);
    for (const char *tag : {"<h1 ", "<p ", "<blockquote ", "<li ", "<li class=\"task-list-item\" ",
                            "<pre ", "<table ", "<tr "}) {
        QVERIFY2(html.contains(tag + kLineAttribute.mid(1)), tag);
    }
    // Blocks that never get text of their own keep a bare tag.
    QVERIFY(html.contains("<li></li>"));
    QVERIFY(html.contains("<hr>"));
    QCOMPARE(withoutSourceLines(html), referenceHtml(markdown));
}

void TestMarkdownRenderer::sourceLinesOnlyWhenAsked()
{
    const QByteArray markdown = "# a\n\nb\n\n- c\n\n```\nd\n```\n\n|e|\n|-|\n|f|\n\n> g\n";
    QVERIFY(!render(markdown).contains("data-source-line"));
    RenderOptions options;
    options.firstLine = 3;
    QVERIFY(!render(markdown, options).contains("data-source-line"));
    options.sourceLines = true;
    QVERIFY(render(markdown, options).contains("data-source-line=\"3\""));
}

void TestMarkdownRenderer::hugeTableIsTruncated()
{
    // Every body row, however short, is padded to the header's 5000 cells: 110 KB of Markdown
    // would make 2 GB of HTML.
    QByteArray markdown;
    for (int i = 0; i < 5000; ++i)
        markdown += "|a";
    markdown += "|\n";
    for (int i = 0; i < 5000; ++i)
        markdown += "|---";
    markdown += "|\n";
    for (int i = 0; i < 40000; ++i)
        markdown += "|\n";

    for (const bool sourceLines : {false, true}) {
        RenderOptions options;
        options.maxOutputBytes = 1024 * 1024;
        options.sourceLines = sourceLines;
        QElapsedTimer timer;
        timer.start();
        const auto result = MarkdownRenderer::render(markdown, options);
        QVERIFY2(timer.elapsed() < 1000, QByteArray::number(timer.elapsed()).constData());
        QVERIFY(result.truncated);
        QVERIFY(result.html.size() <= options.maxOutputBytes);
        QVERIFY(result.html.size() > options.maxOutputBytes - 64);
        QVERIFY(result.html.startsWith("<table"));
    }
}

void TestMarkdownRenderer::truncationCutsCleanly()
{
    const QByteArray markdown = "# Grüße\n\nÄ **ö** [link](https://a.b/?c=d&e=f \"t\") &amp; ü\n\n"
                                "- é\n- ![x](y.png)\n\n`<code>`\n";
    const QByteArray full = render(markdown);
    for (qsizetype bound = 0; bound < full.size(); ++bound) {
        RenderOptions options;
        options.maxOutputBytes = bound;
        const auto result = MarkdownRenderer::render(markdown, options);
        QVERIFY(result.truncated);
        QVERIFY(result.html.size() <= bound);
        QVERIFY(full.startsWith(result.html));
        // No half character, tag or entity at the end.
        QCOMPARE(QString::fromUtf8(result.html).toUtf8(), result.html);
        QVERIFY(result.html.lastIndexOf('<') <= result.html.lastIndexOf('>'));
        QVERIFY(result.html.lastIndexOf('&') <= result.html.lastIndexOf(';'));
    }
    RenderOptions exact;
    exact.maxOutputBytes = full.size();
    QCOMPARE(MarkdownRenderer::render(markdown, exact).truncated, false);
}

QTEST_APPLESS_MAIN(TestMarkdownRenderer)

#include "tst_markdownrenderer.moc"
