#include "editor/textstats.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using Meetdown::TextStats;

class TestTextStats final : public QObject
{
    Q_OBJECT

private slots:
    void words_data();
    void words();
    void characters_data();
    void characters();
    void readingMinutes_data();
    void readingMinutes();
    void megabyteIsFast();
    void unclosedMarkupIsLinear();
    void corpusPostsHaveWords();
};

void TestTextStats::words_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<int>("words");

    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("blank lines") << QStringLiteral("\n \n\t\n") << 0;
    QTest::newRow("plain") << QStringLiteral("Hello meetup world") << 3;
    QTest::newRow("punctuation is no word") << QStringLiteral("Yes - and no .") << 3;
    QTest::newRow("contractions and hyphens") << QStringLiteral("don't e-mail") << 2;
    QTest::newRow("numbers") << QStringLiteral("In 2024 we met 3 times") << 6;
    QTest::newRow("atx heading") << QStringLiteral("## Talks of the night ##") << 4;
    QTest::newRow("setext heading") << QStringLiteral("Talks\n=====\n\nMore\n----") << 2;
    QTest::newRow("emphasis") << QStringLiteral("**bold** and *it* and ~~gone~~ __x__") << 6;
    QTest::newRow("rule") << QStringLiteral("one\n\n---\n\n* * *\n\ntwo") << 2;
    QTest::newRow("inline link")
        << QStringLiteral(
               "See [the slides](https://example.com/a-long/path?x=1 \"Slides title\") now")
        << 4;
    QTest::newRow("text right after a link") << QStringLiteral("[jspm](http://jspm.io/)s and") << 2;
    QTest::newRow("link with parentheses in url")
        << QStringLiteral("[Qt](https://en.wikipedia.org/wiki/Qt_(software)) rocks") << 2;
    QTest::newRow("reference link") << QStringLiteral("Thanks [Sayan][] and [the host][tw]") << 5;
    QTest::newRow("reference definitions")
        << QStringLiteral("[Sayan]: https://twitter.com/sayan\n[tw]: <https://tw.example> \"TW\"")
        << 0;
    QTest::newRow("footnote definition counts") << QStringLiteral("[^1]: A real note") << 4;
    QTest::newRow("image alt is not read")
        << QStringLiteral("![A crowd of people](/assets/crowd.jpg) cheered") << 1;
    QTest::newRow("image in link")
        << QStringLiteral("[![badge alt](https://img.example/b.svg)](https://ci.example) ok") << 1;
    QTest::newRow("autolink is one word")
        << QStringLiteral("Go to <https://meetdown.example/x>") << 3;
    QTest::newRow("bare url is one word")
        << QStringLiteral("Go to https://meetdown.example/x") << 3;
    QTest::newRow("html tags") << QStringLiteral("<p class=\"lead\">Hello <b>all</b></p><br/>")
                               << 2;
    QTest::newRow("html comment") << QStringLiteral("a <!-- not shown at all --> b") << 2;
    QTest::newRow("multi-line comment")
        << QStringLiteral("before\n<!--\nhidden words\nhere\n-->\nafter") << 2;
    QTest::newRow("multi-line tag")
        << QStringLiteral("<iframe src=\"//slides.example/x\"\n  width=\"576\" allowfullscreen>"
                          "</iframe>\nText")
        << 1;
    QTest::newRow("less-than in prose") << QStringLiteral("if a<b then\nwe go") << 5;
    QTest::newRow("liquid")
        << QStringLiteral("{% include figure.html src=\"x.jpg\" %} {{ site.title | upcase }} Hello")
        << 1;
    QTest::newRow("lists") << QStringLiteral("- one\n* two\n+ three\n1. four\n2) five") << 5;
    QTest::newRow("task items") << QStringLiteral("- [ ] open task\n- [x] done task") << 4;
    QTest::newRow("blockquote") << QStringLiteral("> quoted words\n> > nested") << 3;
    QTest::newRow("table") << QStringLiteral("| Time | Talk |\n|---:|:---|\n| 18:30 | Intro |")
                           << 4;
    QTest::newRow("fenced code counts, fence info does not")
        << QStringLiteral("```python\nprint(x)\n```\nafter") << 2;
    QTest::newRow("fence hides markup rules")
        << QStringLiteral("~~~\n<b>shown</b> [a](b)\n~~~") << 2;
    QTest::newRow("inline code") << QStringLiteral("Run `make test` now") << 4;
    QTest::newRow("escapes") << QStringLiteral("\\*not emphasis\\* \\[x\\]") << 3;
    QTest::newRow("entities") << QStringLiteral("AT&amp;T and a&nbsp;b &copy;") << 4;
    QTest::newRow("ideographs") << QStringLiteral("日本語 and 中文") << 6;
    QTest::newRow("crlf") << QStringLiteral("one two\r\nthree\r\n") << 3;
}

void TestTextStats::words()
{
    QFETCH(QString, markdown);
    QFETCH(int, words);
    QCOMPARE(TextStats::of(markdown).words, words);
}

void TestTextStats::characters_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<int>("characters");

    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("line breaks excluded") << QStringLiteral("ab\ncd\r\nef\n") << 6;
    QTest::newRow("spaces and markup count") << QStringLiteral("**a b**") << 7;
    QTest::newRow("emoji is one character") << QStringLiteral("hi \U0001F389") << 4;
    QTest::newRow("accents") << QStringLiteral("café") << 4;
}

void TestTextStats::characters()
{
    QFETCH(QString, markdown);
    QFETCH(int, characters);
    QCOMPARE(TextStats::of(markdown).characters, characters);
}

void TestTextStats::readingMinutes_data()
{
    QTest::addColumn<int>("words");
    QTest::addColumn<int>("minutes");

    QTest::newRow("none") << 0 << 0;
    QTest::newRow("one") << 1 << 1;
    QTest::newRow("exactly 200") << 200 << 1;
    QTest::newRow("201") << 201 << 2;
    QTest::newRow("1000") << 1000 << 5;
}

void TestTextStats::readingMinutes()
{
    QFETCH(int, words);
    QFETCH(int, minutes);
    QStringList text;
    for (int i = 0; i < words; ++i)
        text << QStringLiteral("word");
    const TextStats stats = TextStats::of(text.join(u' '));
    QCOMPARE(stats.words, words);
    QCOMPARE(stats.readingMinutes, minutes);
}

void TestTextStats::megabyteIsFast()
{
    const QString block = QStringLiteral(
        "## A talk about **Qt** and [Jekyll](https://jekyllrb.com/docs/)\n\n"
        "The speaker showed `QPlainTextEdit` and <b>live</b> preview. {{ page.title }}\n"
        "- first point with *emphasis*\n- [x] second point\n\n"
        "```cpp\nauto x = f(\"y\") < 3 && z;\n```\n\n"
        "> A quote from the audience, with ![a photo](/img/p.jpg).\n\n");
    QString document;
    while (document.size() < 1024 * 1024)
        document += block;
    const int repeats = int(document.size() / block.size());
    const int wordsPerBlock = TextStats::of(block).words;
    QVERIFY(wordsPerBlock > 20);

    QElapsedTimer timer;
    timer.start();
    const TextStats stats = TextStats::of(document);
    const qint64 elapsed = timer.elapsed();
    qInfo("1 MB counted in %lld ms", elapsed);
    QCOMPARE(stats.words, repeats * wordsPerBlock);
    // A few milliseconds is the aim; the bound leaves room for a busy machine but not for a
    // pass per line or per word over the whole text.
    QVERIFY2(elapsed < 150, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
}

// Lines full of constructs that never close must not cost a scan of the rest of the line each.
void TestTextStats::unclosedMarkupIsLinear()
{
    for (const char *piece : {"![", "](", "{{", "{%", "<a", "x<y ", "<!", "[x", "&amp"}) {
        QString line;
        while (line.size() < 200000)
            line += QLatin1String(piece);
        QElapsedTimer timer;
        timer.start();
        TextStats::of(line);
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(elapsed < 100,
                 qPrintable(QStringLiteral("%1: %2 ms").arg(QLatin1String(piece)).arg(elapsed)));
    }
}

// Real posts: every body with prose in it has words, and not more than its blank-separated
// tokens (markup is only ever subtracted).
void TestTextStats::corpusPostsHaveWords()
{
    const QString corpus = QStringLiteral(MEETDOWN_CORPUS_DIR);
    if (!QFileInfo::exists(corpus))
        QSKIP("no corpus");
    int posts = 0;
    QDirIterator it(corpus, {QStringLiteral("*.md")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly) || !file.fileName().contains(QLatin1String("_posts")))
            continue;
        QString text = QString::fromUtf8(file.readAll());
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
        if (text.startsWith(QLatin1String("---\n"))) {
            const qsizetype end = text.indexOf(QLatin1String("\n---"), 3);
            if (end >= 0)
                text = text.mid(text.indexOf(u'\n', end + 1) + 1);
        }
        const TextStats stats = TextStats::of(text);
        const qsizetype tokens =
            text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size();
        QVERIFY2(stats.words <= tokens, qPrintable(file.fileName()));
        if (text.contains(
                QRegularExpression(QStringLiteral("(^|\\n)[A-Za-z][a-z]+ [a-z]+ [a-z]+"))))
            QVERIFY2(stats.words > 0, qPrintable(file.fileName()));
        ++posts;
    }
    QVERIFY(posts > 100);
}

QTEST_APPLESS_MAIN(TestTextStats)

#include "tst_textstats.moc"
