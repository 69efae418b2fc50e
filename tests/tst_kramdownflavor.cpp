// The Kramdown dialect: KramdownFlavor's pieces on their own, the renderer with them, and a
// comparison with kramdown itself (Ruby, with Jekyll's options) over made-up texts.

#include "fidelity/htmlcanon.h"
#include "testutil.h"

#include <preview/kramdownflavor.h>
#include <preview/markdownrenderer.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QtTest>

#include <random>

using namespace Meetdown;

namespace {

QByteArray kramdown(const QByteArray &markdown, bool sourceLines = false)
{
    RenderOptions options;
    options.dialect = MarkdownDialect::Kramdown;
    options.headerIds = true;
    options.sourceLines = sourceLines;
    const RenderResult result = MarkdownRenderer::render(markdown, options);
    return result.truncated ? QByteArray("<truncated>") : result.html;
}

QString typeset(const char *text, const char *after = "", char before = 0)
{
    return QString::fromUtf8(KramdownFlavor::typeset(text, after, before));
}

// kramdown's output for each text, from one Ruby process; empty when Ruby or kramdown is missing.
QStringList kramdownReference(const QList<QByteArray> &texts)
{
    if (QStandardPaths::findExecutable(QStringLiteral("ruby")).isEmpty())
        return {};
    QJsonArray input;
    for (const QByteArray &text : texts)
        input.append(QString::fromUtf8(text));
    const auto run =
        TestUtil::run(QStringLiteral("ruby"),
                      {QStringLiteral(MEETDOWN_SOURCE_DIR "/tests/fidelity/kramdown_html.rb")},
                      QJsonDocument(input).toJson(QJsonDocument::Compact));
    if (run.exitCode != 0)
        return {};
    QStringList html;
    for (const QJsonValue &value : QJsonDocument::fromJson(run.out).array())
        html.append(value.toString());
    return html;
}

QByteArray randomText(std::mt19937 &random, const std::vector<const char *> &pieces, int count)
{
    QByteArray text;
    std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
    for (int i = 0; i < count; ++i)
        text += pieces[pick(random)];
    return text;
}

} // namespace

class TestKramdownFlavor final : public QObject
{
    Q_OBJECT

private slots:
    void smartQuotes_data();
    void smartQuotes();
    void typographicSymbols();
    void headerIds();
    void attributeLists();
    void prepareKeepsLines_data();
    void prepareKeepsLines();
    void rendering_data();
    void rendering();
    void sourceLinesStayRight();
    void githubDialectUnchanged();
    void matchesKramdown_data();
    void matchesKramdown();
    void randomTypographyMatchesKramdown();
    void randomDefinitionListsMatchKramdown();
};

void TestKramdownFlavor::smartQuotes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<int>("before");
    QTest::addColumn<QString>("expected");
    // Each was checked against kramdown 2.4.
    QTest::newRow("pair") << QByteArray("He said \"hi\" and 'yes'") << QByteArray() << 0
                          << QStringLiteral("He said “hi” and ‘yes’");
    QTest::newRow("apostrophe") << QByteArray("it's don't") << QByteArray() << 0
                                << QStringLiteral("it’s don’t");
    QTest::newRow("decade") << QByteArray("the '80s") << QByteArray() << 0
                            << QStringLiteral("the ’80s");
    QTest::newRow("nested") << QByteArray("\"'Quoted' words\"") << QByteArray() << 0
                            << QStringLiteral("“‘Quoted’ words”");
    QTest::newRow("after brackets") << QByteArray("(\"x\") {'y'} -\"z\"") << QByteArray() << 0
                                    << QStringLiteral("(“x”) {‘y’} -“z”");
    QTest::newRow("before emphasis")
        << QByteArray("\"") << QByteArray("*x*\"") << 0 << QStringLiteral("“");
    QTest::newRow("closing after a span")
        << QByteArray("\" and") << QByteArray() << 0 << QStringLiteral("” and");
    QTest::newRow("s after a span")
        << QByteArray("'s") << QByteArray() << 0 << QStringLiteral("’s");
    QTest::newRow("opening after a span")
        << QByteArray("\"x") << QByteArray() << 0 << QStringLiteral("“x");
    QTest::newRow("continuing text")
        << QByteArray("\"b") << QByteArray() << int('x') << QStringLiteral("”b");
    QTest::newRow("after emphasis marker")
        << QByteArray("_\"b") << QByteArray() << 0 << QStringLiteral("_“b");
    QTest::newRow("punctuation after")
        << QByteArray("\".") << QByteArray() << 0 << QStringLiteral("”.");
    QTest::newRow("non-ascii") << QByteArray("\"été\" x\"é\"") << QByteArray() << 0
                               << QStringLiteral("“été” x”é”");
    QTest::newRow("line start") << QByteArray("\"quote") << QByteArray() << int('\n')
                                << QStringLiteral("“quote");
}

void TestKramdownFlavor::smartQuotes()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, after);
    QFETCH(int, before);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromUtf8(KramdownFlavor::typeset(
                 std::string_view(text.constData(), text.size()),
                 std::string_view(after.constData(), after.size()), static_cast<char>(before))),
             expected);
}

void TestKramdownFlavor::typographicSymbols()
{
    QCOMPARE(typeset("a -- b --- c ---- d ----- e"), QStringLiteral("a – b — c —- d —– e"));
    QCOMPARE(typeset("wait... .... x"), QStringLiteral("wait… …. x"));
    QCOMPARE(typeset("a << b >> c <<d>>"), QStringLiteral("a «\u00a0b\u00a0» c «d»"));
    // Code spans, code blocks and escapes are left alone by the renderer.
    QCOMPARE(kramdown("`a -- \"b\"` \\-\\- \\\"c\\\"\n\n    x -- y\n"),
             QByteArray("<p><code>a -- &quot;b&quot;</code> -- &quot;c&quot;</p>\n"
                        "<pre><code>x -- y\n</code></pre>\n"));
}

void TestKramdownFlavor::headerIds()
{
    QHash<QByteArray, int> used;
    QCOMPARE(KramdownFlavor::headerId(QStringLiteral("Hello World & “Friends” – 2!"), used),
             QByteArray("hello-world--friends--2"));
    QCOMPARE(KramdownFlavor::headerId(QStringLiteral("Hello World & “Friends” – 2!"), used),
             QByteArray("hello-world--friends--2-1"));
    QCOMPARE(KramdownFlavor::headerId(QStringLiteral("Émile été 1.2"), used),
             QString(QStringLiteral("émile-été-12")).toUtf8());
    QCOMPARE(KramdownFlavor::headerId(QStringLiteral("snake_case"), used),
             QByteArray("snake_case"));
    QCOMPARE(kramdown("## `code` and *em*\n"),
             QByteArray("<h2 id=\"code-and-em\"><code>code</code> and <em>em</em></h2>\n"));
    // Ids are only added when asked for.
    RenderOptions options;
    options.dialect = MarkdownDialect::Kramdown;
    QCOMPARE(MarkdownRenderer::render("# Hello\n", options).html, QByteArray("<h1>Hello</h1>\n"));
}

void TestKramdownFlavor::attributeLists()
{
    const QHash<QByteArray, QByteArray> definitions = {{"ref", ".from-ref key=\"v\""}};
    const KramdownAttributes a =
        KramdownFlavor::parseAttributeList(" .a #b .c target=\"_blank\" title='it\\'s' ref",
                                           definitions, KramdownAttributes::Target::PreviousSpan);
    QCOMPARE(a.html, QByteArray(" id=\"b\" class=\"a c from-ref\" target=\"_blank\" title=\"it's\" "
                                "key=\"v\""));
    QVERIFY(a.hasId);
    const KramdownAttributes escaped = KramdownFlavor::parseAttributeList(
        "onclick=\"a<b&c\"", {}, KramdownAttributes::Target::PreviousBlock);
    QCOMPARE(escaped.html, QByteArray(" onclick=\"a&lt;b&amp;c\""));
    QVERIFY(!escaped.hasId);
}

void TestKramdownFlavor::prepareKeepsLines_data()
{
    QTest::addColumn<QByteArray>("markdown");
    QTest::newRow("attribute lists") << QByteArray("a\n{: .x}\n\n{: #y}\nb\n{:d: .z}\n## H {#h}\n");
    QTest::newRow("footnotes") << QByteArray("a[^1]\n\n[^1]: note\n    more\n\n    para\n\nb\n");
    QTest::newRow("html block") << QByteArray("<div>\n\n*x*\n\n</div>\nafter\n<h3>t</h3>\n");
    QTest::newRow("unclosed") << QByteArray("<p>\nnever closed\n\n```\nno fence\n");
    QTest::newRow("crlf") << QByteArray("a\r\n{: .x}\r\n#\r\n<div>\r\n\r\n</div>\r\n");
    QTest::newRow("no final newline") << QByteArray("x\n---");
    QTest::newRow("definition list")
        << QByteArray("a\nb\n: c\n  lazy\n\n: d\n\n  more\n\n```\nx\n```\nt\n: e");
}

void TestKramdownFlavor::prepareKeepsLines()
{
    QFETCH(QByteArray, markdown);
    const KramdownSource source = KramdownFlavor::prepare(markdown);
    QCOMPARE(source.markdown.count('\n'), markdown.count('\n'));
    QCOMPARE(source.markdown.count("\r\n"), markdown.count("\r\n"));
}

void TestKramdownFlavor::rendering_data()
{
    QTest::addColumn<QByteArray>("markdown");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("no bare links")
        << QByteArray("www.example.com https://x.org <https://y.org>\n")
        << QByteArray("<p>www.example.com https://x.org <a href=\"https://y.org\">https://y.org</a>"
                      "</p>\n");
    QTest::newRow("block attribute list after")
        << QByteArray("Para\n{: .lead #p}\n")
        << QByteArray("<p id=\"p\" class=\"lead\">Para</p>\n\n");
    QTest::newRow("block attribute list before")
        << QByteArray("a\n\n{: .next}\nb\n") << QByteArray("<p>a</p>\n\n<p class=\"next\">b</p>\n");
    QTest::newRow("span attribute list")
        << QByteArray("[x](/y){:target=\"_blank\"} *e*{: .k}\n")
        << QByteArray("<p><a target=\"_blank\" href=\"/y\">x</a> <em class=\"k\">e</em></p>\n");
    QTest::newRow("header id syntax")
        << QByteArray("## Title {#mine}\n") << QByteArray("<h2 id=\"mine\">Title</h2>\n");
    QTest::newRow("attribute list id replaces the automatic one")
        << QByteArray("## Title\n{: #other}\n") << QByteArray("<h2 id=\"other\">Title</h2>\n\n");
    QTest::newRow("footnotes")
        << QByteArray("Text[^a].\n\n[^a]: The *note*.\n")
        << QByteArray("<p>Text<sup id=\"fnref:a\" role=\"doc-noteref\"><a href=\"#fn:a\" "
                      "class=\"footnote\" rel=\"footnote\">1</a></sup>.</p>\n"
                      "<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n"
                      "<li id=\"fn:a\" role=\"doc-endnote\">\n<p>The <em>note</em>.&#160;"
                      "<a href=\"#fnref:a\" class=\"reversefootnote\" role=\"doc-backlink\">"
                      "&#8617;</a></p>\n</li>\n</ol>\n</div>\n");
    QTest::newRow("footnote with two paragraphs")
        << QByteArray("a[^n]\n\n[^n]: One.\n\n    Two.\n\nb\n")
        << QByteArray("<p>a<sup id=\"fnref:n\" role=\"doc-noteref\"><a href=\"#fn:n\" "
                      "class=\"footnote\" rel=\"footnote\">1</a></sup></p>\n<p>b</p>\n"
                      "<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n"
                      "<li id=\"fn:n\" role=\"doc-endnote\">\n<p>One.</p>\n<p>Two.&#160;"
                      "<a href=\"#fnref:n\" class=\"reversefootnote\" role=\"doc-backlink\">"
                      "&#8617;</a></p>\n</li>\n</ol>\n</div>\n");
    QTest::newRow("undefined footnote is text")
        << QByteArray("a[^x]\n") << QByteArray("<p>a[^x]</p>\n");
    QTest::newRow("html block over blank lines")
        << QByteArray("<div>\n\n*raw*\n\n</div>\n") << QByteArray("<div>\n\n*raw*\n\n</div>\n");
    QTest::newRow("html heading") << QByteArray("<h3>T</h3>\n") << QByteArray("<h3>T</h3>\n");
    QTest::newRow("span tag line is a paragraph")
        << QByteArray("<img src=\"a.png\">\n") << QByteArray("<p><img src=\"a.png\"></p>\n");
    QTest::newRow("stray closing tags are text")
        << QByteArray("</div>\n\nx <img src=\"a\"></img>\n")
        << QByteArray("<p>&lt;/div&gt;</p>\n<p>x <img src=\"a\">&lt;/img&gt;</p>\n");
    QTest::newRow("lone hash") << QByteArray("#\n") << QByteArray("<p>#</p>\n");
    QTest::newRow("setext needs a blank line before")
        << QByteArray("a\nb\n---\n") << QByteArray("<p>a\nb\n—</p>\n");
    QTest::newRow("unclosed fence is text")
        << QByteArray("x\n```\ncode\n") << QByteArray("<p>x\n```\ncode</p>\n");
    QTest::newRow("url with spaces")
        << QByteArray("[a](/b c) [d][1]\n\n[1]: /e f \"T\"\n")
        << QByteArray("<p><a href=\"/b%20c\">a</a> <a href=\"/e%20f\" title=\"T\">d</a></p>\n");
    QTest::newRow("list items wrapped one by one")
        << QByteArray("- a\n- b\n\n  more\n- c\n")
        << QByteArray("<ul>\n<li>a</li>\n<li><p>b</p>\n<p>more</p>\n</li>\n<li>c</li>\n</ul>\n");
    QTest::newRow("quotes around links and emphasis")
        << QByteArray("\"[x](/y)\" and \"*z*\"\n")
        << QByteArray("<p>“<a href=\"/y\">x</a>” and “<em>z</em>”</p>\n");
    QTest::newRow("no typography in inline code html")
        << QByteArray("<code>\"a\" -- b</code> \"c\"\n")
        << QByteArray("<p><code>&quot;a&quot; -- b</code> “c”</p>\n");
    QTest::newRow("lone tildes are text")
        << QByteArray("~50 people for ~2 hours, ~~struck~~\n")
        << QByteArray("<p>&#126;50 people for &#126;2 hours, <del>struck</del></p>\n");
    QTest::newRow("backslash before what kramdown does not escape")
        << QByteArray("a\\, b\\& c\\* d\\\\, `e\\,`\n")
        << QByteArray("<p>a\\, b\\&amp; c* d\\, <code>e\\,</code></p>\n");
    QTest::newRow("inline html closed with its paragraph")
        << QByteArray("a <b>bold\n\nnext\n") << QByteArray("<p>a <b>bold</b></p>\n<p>next</p>\n");
    QTest::newRow("definition list")
        << QByteArray("Venue\n: *Hub*\n")
        << QByteArray("<dl><dt>Venue</dt>\n<dd><em>Hub</em></dd></dl>\n");
    QTest::newRow("guillemets around a word")
        << QByteArray("<<tight>>\n") << QByteArray("<p>&laquo;tight»</p>\n");
}

void TestKramdownFlavor::rendering()
{
    QFETCH(QByteArray, markdown);
    QFETCH(QByteArray, expected);
    QCOMPARE(kramdown(markdown), expected);
}

void TestKramdownFlavor::sourceLinesStayRight()
{
    // Markers, removed definitions and HTML blocks keep every later block on its own line.
    const QByteArray html =
        kramdown("{:d: .x}\n<div>\n\n</div>\n[^1]: n\n\nPara[^1]\n{: d}\n\n## H\n", true);
    QVERIFY2(html.contains("<p class=\"x\" data-source-line=\"7\">Para"), html.constData());
    QVERIFY2(html.contains("<h2 id=\"h\" data-source-line=\"10\">H</h2>"), html.constData());
    QVERIFY2(html.contains("<p data-source-line=\"5\">n&#160;"), html.constData());
    // A definition list keeps the lines after it right.
    const QByteArray after = kramdown("Term\n: one\n  two\n\n: three\n\nPara\n", true);
    QVERIFY2(after.contains("<p data-source-line=\"7\">Para</p>"), after.constData());
}

void TestKramdownFlavor::githubDialectUnchanged()
{
    const QByteArray markdown = "\"q\" -- www.example.com\n{: .x}\n";
    QCOMPARE(
        MarkdownRenderer::render(markdown).html,
        QByteArray("<p>&quot;q&quot; -- <a href=\"http://www.example.com\">www.example.com</a>\n"
                   "{: .x}</p>\n"));
}

void TestKramdownFlavor::matchesKramdown_data()
{
    QTest::addColumn<QByteArray>("markdown");
    QTest::newRow("meetup report") << QByteArray(
        "## Agenda -- \"Talks\"\n\nWe met at **Café** ([map](/m)) -- it's the '24 edition...\n\n"
        "1. Talk: *Qt 6* by 'Ana'\n2. Demo\n\n| Time | Who |\n|---:|:---|\n| 18:00 | \"Bo\" |\n\n"
        "> Great evening!\n\n<iframe src=\"https://example.org/v\"\n  width=\"5\"></iframe>\n\n"
        "Thanks to [Sponsor][s].\n\n[s]: https://example.org/a b\n");
    QTest::newRow("lists") << QByteArray(
        "- a\n- b\n  - c\n  - d\n\n- e\n\n1. x\n\n2. y\n3. z\n\n* p\n\n  q\n* r\n");
    QTest::newRow("html") << QByteArray(
        "<div class=\"a\">\n<div>\n\n*x*\n</div>\n\ntext\n</div>\n\n<span>\"s\"</span> -- x\n\n"
        "<center>c</center>\n<br/>\n");
    QTest::newRow("headers") << QByteArray(
        "Title\n=====\n\nSub\n---\n\n# One #\n\n#not\n\n## Two {#two}\n\n---\nx\n---\n");
    QTest::newRow("kramdown syntax") << QByteArray(
        "Para\n{: .lead}\n\n[x](/y){:target=\"_blank\"} note[^1] ~2 h\n\n## T {#t}\n\n"
        "[^1]: One \"q\".\n\n    Two -- more.\n\nEnd.\n");
    QTest::newRow("definition list") << QByteArray("Venue\n: The Hub, 2nd floor\n");
    QTest::newRow("terms and definitions")
        << QByteArray("Intro paragraph.\n\nSpeaker\nHost\n: Ana -- \"the organizer\"\n: Bo\n\n"
                      "*Slides*\n: [PDF](/s.pdf) and `code`\n  with a lazy line\n\nAfter.\n");
    QTest::newRow("loose definitions") << QByteArray(
        "Term\n\n: First, after a blank line\n\n: Second\n: Third\n\n  More of the third.\n\n"
        "Next paragraph\n");
    QTest::newRow("definition list after a heading")
        << QByteArray("## Agenda\nTalk\n: 18:00\n\nLine one\nline two\n: both are terms\n");
    QTest::newRow("definition with a list") << QByteArray("Items\n: - one\n  - two\n\nx\n");
    QTest::newRow("no definition list")
        << QByteArray(": no term\n\nterm\n:no blank\n\n    code\n    : x\n");
    QTest::newRow("code") << QByteArray(
        "```ruby\nputs \"x\" -- y\n```\n\n~~~\n<b>\n~~~\n\n    indented \"code\"\n\n`a` \"b\"\n");
}

void TestKramdownFlavor::matchesKramdown()
{
    QFETCH(QByteArray, markdown);
    const QStringList reference = kramdownReference({markdown});
    if (reference.isEmpty())
        QSKIP("ruby with kramdown is not installed");
    QCOMPARE(Fidelity::canonicalTokens(QString::fromUtf8(kramdown(markdown))),
             Fidelity::canonicalTokens(reference.first()));
}

void TestKramdownFlavor::randomTypographyMatchesKramdown()
{
    // Words, spaces, quotes and punctuation in random orders: the smart quote rules in every
    // context they have. A fixed seed keeps a failure reproducible.
    const std::vector<const char *> pieces = {
        "word", "it", "s", "80s", "a1", " ", " ", " ", "\"", "\"", "'", "'", "--", "---", "...",
        ".",    ",",  ";", ":",   "!",  "?", "(", ")", "-",  "\n", "é", "1", "/",  "$",   "~",
    };
    // MEETDOWN_KRAMDOWN_SEED tries other texts.
    const uint seed = qEnvironmentVariableIsSet("MEETDOWN_KRAMDOWN_SEED")
                          ? qEnvironmentVariableIntValue("MEETDOWN_KRAMDOWN_SEED")
                          : 20240501;
    std::mt19937 random(seed);
    QList<QByteArray> texts;
    for (int i = 0; i < 600; ++i) {
        QByteArray text = randomText(random, pieces, 12).trimmed();
        // Not a list, quote, header or rule: only paragraphs are under test here; nor a
        // definition list (": " starting a line), which randomDefinitionListsMatchKramdown tries.
        while (!text.isEmpty() && QByteArray("-+*#>0123456789 \n").contains(text.at(0)))
            text.remove(0, 1);
        text.replace("\n:", "\n");
        if (!text.isEmpty())
            texts.append("x " + text + '\n');
    }
    const QStringList reference = kramdownReference(texts);
    if (reference.isEmpty())
        QSKIP("ruby with kramdown is not installed");
    QCOMPARE(reference.size(), texts.size());
    QStringList failures;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const QStringList ours =
            Fidelity::canonicalTokens(QString::fromUtf8(kramdown(texts.at(i))));
        const QStringList theirs = Fidelity::canonicalTokens(reference.at(i));
        if (ours != theirs)
            failures.append(QStringLiteral("%1\n    kramdown: %2\n    meetdown: %3")
                                .arg(QString::fromUtf8(texts.at(i)).trimmed(),
                                     theirs.join(QLatin1Char(' ')), ours.join(QLatin1Char(' '))));
    }
    QVERIFY2(
        failures.isEmpty(),
        qPrintable(QStringLiteral("%1 of %2 differ:\n").arg(failures.size()).arg(texts.size()) +
                   failures.mid(0, 10).join(QLatin1Char('\n'))));
}

void TestKramdownFlavor::randomDefinitionListsMatchKramdown()
{
    // Terms, definitions, lazy and indented lines and blank lines in random orders: where a list
    // starts, which definitions get a <p>, what continues one and what ends the list.
    const std::vector<const char *> pieces = {
        "Term\n",
        "*Em* term\n",
        ": Definition\n",
        ": \"Quoted\" -- def\n",
        ":\tTabbed\n",
        "\n",
        "\n",
        "  Indented more\n",
        "lazy line\n",
        "## Heading\n",
        ":no space\n",
        "Para [link](/x).\n",
    };
    const uint seed = qEnvironmentVariableIsSet("MEETDOWN_KRAMDOWN_SEED")
                          ? qEnvironmentVariableIntValue("MEETDOWN_KRAMDOWN_SEED")
                          : 20261125;
    std::mt19937 random(seed);
    QList<QByteArray> texts;
    for (int i = 0; i < 300; ++i)
        texts.append(randomText(random, pieces, 8));
    const QStringList reference = kramdownReference(texts);
    if (reference.isEmpty())
        QSKIP("ruby with kramdown is not installed");
    QCOMPARE(reference.size(), texts.size());
    QStringList failures;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        const QStringList ours =
            Fidelity::canonicalTokens(QString::fromUtf8(kramdown(texts.at(i))));
        const QStringList theirs = Fidelity::canonicalTokens(reference.at(i));
        if (ours != theirs)
            failures.append(QStringLiteral("%1\n    kramdown: %2\n    meetdown: %3")
                                .arg(QString::fromUtf8(texts.at(i))
                                         .replace(QLatin1Char('\n'), QLatin1String("\\n")),
                                     theirs.join(QLatin1Char(' ')), ours.join(QLatin1Char(' '))));
    }
    QVERIFY2(
        failures.isEmpty(),
        qPrintable(QStringLiteral("%1 of %2 differ:\n").arg(failures.size()).arg(texts.size()) +
                   failures.mid(0, 10).join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestKramdownFlavor)
#include "tst_kramdownflavor.moc"
