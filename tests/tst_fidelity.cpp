// The preview against what Jekyll builds: every corpus site is built by the real `jekyll` (with a
// small plugin that dumps each post's converted body), every post is rendered by `meetdown
// render`, and both are compared as a reader sees them (fidelity/htmlcanon.h).

#include "fidelity/htmlcanon.h"
#include "testutil.h"

#include <QDirIterator>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace Meetdown;

namespace {

// The share of corpus posts whose preview must read exactly like the page Jekyll builds.
constexpr double kRequiredShare = 0.95;

QString fidelityDir()
{
    return QStringLiteral(MEETDOWN_SOURCE_DIR "/tests/fidelity");
}

void copyTree(const QString &from, const QString &to)
{
    QDir().mkpath(to);
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString target = to + path.mid(from.size());
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile::copy(path, target);
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    }
}

// Jekyll 4.3 refuses a site whose _config.yml holds a Ruby symbol (`style: :compressed`); the
// copy quotes it so the rest of the site can be compared.
QByteArray buildableConfig(const QByteArray &config)
{
    QString text = QString::fromUtf8(config);
    static const QRegularExpression symbol(
        QStringLiteral("^(\\s*[^#\\s][^:\\n]*:[ \\t]+)(:[A-Za-z_]\\w*)[ \\t]*$"),
        QRegularExpression::MultilineOption);
    text.replace(symbol, QStringLiteral("\\1\"\\2\""));
    return text.toUtf8();
}

struct Mismatch
{
    QString post;
    QString reason;
};

QString clip(const QString &text, qsizetype from, qsizetype length)
{
    QString out = text.mid(std::max<qsizetype>(0, from), length);
    if (from > 0)
        out.prepend(QStringLiteral("…"));
    if (from + length < text.size())
        out.append(QStringLiteral("…"));
    return out;
}

// The first token that differs, with a little context from both sides.
QString firstDifference(const QStringList &jekyll, const QStringList &ours)
{
    qsizetype i = 0;
    while (i < jekyll.size() && i < ours.size() && jekyll.at(i) == ours.at(i))
        ++i;
    const QString a = i < jekyll.size() ? jekyll.at(i) : QStringLiteral("(end)");
    const QString b = i < ours.size() ? ours.at(i) : QStringLiteral("(end)");
    qsizetype common = 0;
    while (common < a.size() && common < b.size() && a.at(common) == b.at(common))
        ++common;
    const qsizetype from = common - 30;
    QString context;
    for (qsizetype k = std::max<qsizetype>(0, i - 2); k < i; ++k)
        context += clip(jekyll.at(k), jekyll.at(k).size() - 40, 40) + QLatin1Char(' ');
    return QStringLiteral("token %1 after [%2]\n      jekyll:   %3\n      meetdown: %4")
        .arg(i)
        .arg(context.trimmed(), clip(a, from, 90), clip(b, from, 90));
}

} // namespace

class TestFidelity final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void canonicalFormIgnoresWhatReadersDoNotSee();
    void canonicalFormKeepsWhatReadersSee();
    void configWithSymbolIsMadeBuildable();
    void postsReadAsJekyllBuildsThem();
    void liquidAndKramdownSyntaxReadAsJekyllBuildsThem();

private:
    QString work() const { return m_keep.isEmpty() ? m_tmp.path() : m_keep; }
    QString sitesDir() const { return work() + QStringLiteral("/sites"); }
    QString dumpDir() const { return work() + QStringLiteral("/jekyll"); }
    bool buildSite(const QString &name, const QString &from, QString *error) const;
    // Builds the site and compares each post; returns the number of posts.
    int compareSite(const QString &name, const QString &from, QList<Mismatch> *mismatches) const;

    QTemporaryDir m_tmp;
    QString m_keep;
    QStringList m_sites;
};

void TestFidelity::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    // For a look at what was compared: MEETDOWN_FIDELITY_KEEP=/some/dir keeps the copies there.
    m_keep = qEnvironmentVariable("MEETDOWN_FIDELITY_KEEP");
    if (!m_keep.isEmpty()) {
        QDir(m_keep).removeRecursively();
        QVERIFY(QDir().mkpath(m_keep));
    }
    const QDir corpus(TestUtil::corpusDir());
    for (const QString &name : corpus.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (QFileInfo::exists(corpus.filePath(name + QStringLiteral("/_posts"))))
            m_sites.append(name);
    }
    QVERIFY2(!m_sites.isEmpty(), qPrintable(TestUtil::corpusDir()));
}

void TestFidelity::canonicalFormIgnoresWhatReadersDoNotSee()
{
    using Fidelity::canonicalTokens;
    // Rouge's wrappers and spans, md4c's plain code block.
    QCOMPARE(canonicalTokens(QStringLiteral(
                 "<div class=\"language-sh highlighter-rouge\"><div class=\"highlight\"><pre "
                 "class=\"highlight\"><code><span class=\"nb\">echo</span> hi\n</code></pre>"
                 "</div></div>\n")),
             canonicalTokens(QStringLiteral("<pre><code class=\"language-sh\">echo hi\n"
                                            "</code></pre>\n")));
    // Spacing, entities, XHTML-style void tags, attribute quoting and order, percent-encoding.
    QCOMPARE(canonicalTokens(QStringLiteral("<p>a&nbsp;&amp;\n  b<br />\nc <img alt='x' "
                                            "src=\"/a b.png\" /></p>")),
             canonicalTokens(QStringLiteral("<p>\na\u00a0&#38; b<br>c <img src=\"/a%20b.png\" "
                                            "alt=\"x\"></p>")));
    QCOMPARE(canonicalTokens(QStringLiteral("<h2 id=\"x\">T</h2><!-- c --><b>s</b>")),
             canonicalTokens(QStringLiteral("<h2>T</h2>\n<strong>s</strong>")));
    QCOMPARE(canonicalTokens(QStringLiteral("<p>a</p><script>var x = '<p>';</script>")),
             canonicalTokens(QStringLiteral("<p>a</p>")));
}

void TestFidelity::canonicalFormKeepsWhatReadersSee()
{
    using Fidelity::canonicalTokens;
    QCOMPARE(canonicalTokens(QStringLiteral("<p>It&rsquo;s -- \"x\"</p>")),
             QStringList({QStringLiteral("<p>"), QStringLiteral("\"It\u2019s -- \"x\"\""),
                          QStringLiteral("</p>")}));
    QVERIFY(canonicalTokens(QStringLiteral("<p>a</p>")) !=
            canonicalTokens(QStringLiteral("<h1>a</h1>")));
    QVERIFY(canonicalTokens(QStringLiteral("<a href=\"/x\">a</a>")) !=
            canonicalTokens(QStringLiteral("<a href=\"/y\">a</a>")));
    QVERIFY(canonicalTokens(QStringLiteral("<pre><code>a\n  b</code></pre>")) !=
            canonicalTokens(QStringLiteral("<pre><code>a b</code></pre>")));
    QVERIFY(canonicalTokens(QStringLiteral("<p>a <em>b</em></p>")) !=
            canonicalTokens(QStringLiteral("<p>a *b*</p>")));
    // A stray '<' is text, as in a browser.
    QCOMPARE(
        canonicalTokens(QStringLiteral("<p>1 < 2</p>")),
        QStringList({QStringLiteral("<p>"), QStringLiteral("\"1 < 2\""), QStringLiteral("</p>")}));
}

void TestFidelity::configWithSymbolIsMadeBuildable()
{
    QCOMPARE(buildableConfig("sass:\n  style: :compressed\ntitle: a :b\n"),
             QByteArray("sass:\n  style: \":compressed\"\ntitle: a :b\n"));
}

bool TestFidelity::buildSite(const QString &name, const QString &from, QString *error) const
{
    const QString source = sitesDir() + QLatin1Char('/') + name;
    copyTree(from, source);
    copyTree(fidelityDir() + QStringLiteral("/_plugins"), source + QStringLiteral("/_plugins"));
    const QString config = source + QStringLiteral("/_config.yml");
    if (!TestUtil::writeAll(config, buildableConfig(TestUtil::readAll(config)))) {
        *error = QStringLiteral("cannot write ") + config;
        return false;
    }
    // Laid over the site's own config: the site's plugins (jekyll-paginate, jekyll-archives…)
    // are not installed and do not touch a post's body; future and unpublished posts are built
    // too, because Meetdown previews them as well.
    const QString overlay = work() + QStringLiteral("/%1.fidelity.yml").arg(name);
    TestUtil::writeAll(overlay, "plugins: []\ngems: []\nfuture: true\nunpublished: true\n"
                                "show_drafts: true\n");

    QProcess jekyll;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MEETDOWN_FIDELITY_OUT"), dumpDir() + QLatin1Char('/') + name);
    env.insert(QStringLiteral("JEKYLL_ENV"), QStringLiteral("production"));
    jekyll.setProcessEnvironment(env);
    jekyll.setWorkingDirectory(source);
    jekyll.start(QStringLiteral("jekyll"),
                 {QStringLiteral("build"), QStringLiteral("--source"), source,
                  QStringLiteral("--destination"), work() + QStringLiteral("/site/") + name,
                  QStringLiteral("--config"), config + QLatin1Char(',') + overlay});
    if (!jekyll.waitForFinished(600000) || jekyll.exitStatus() != QProcess::NormalExit ||
        jekyll.exitCode() != 0) {
        *error = QString::fromUtf8(jekyll.readAllStandardError());
        return false;
    }
    return true;
}

int TestFidelity::compareSite(const QString &name, const QString &from,
                              QList<Mismatch> *mismatches) const
{
    QString error;
    if (!buildSite(name, from, &error)) {
        mismatches->append({name, QStringLiteral("jekyll build failed: ") + error});
        return 0;
    }
    const QString source = sitesDir() + QLatin1Char('/') + name;
    QStringList posts;
    QDirIterator it(source + QStringLiteral("/_posts"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        posts.append(it.next());
    posts.sort();
    for (const QString &path : posts) {
        const QString relative = path.mid(source.size() + 1);
        const QString label = name + QLatin1Char('/') + relative;
        const QString dumped = dumpDir() + QLatin1Char('/') + name + QLatin1Char('/') + relative +
                               QStringLiteral(".html");
        if (!QFileInfo::exists(dumped)) {
            mismatches->append({label, QStringLiteral("Jekyll did not build it")});
            continue;
        }
        const auto rendered = TestUtil::meetdown({QStringLiteral("render"), path});
        if (rendered.exitCode != 0) {
            mismatches->append({label, QStringLiteral("meetdown render failed: ") +
                                           QString::fromUtf8(rendered.err)});
            continue;
        }
        const QStringList expected =
            Fidelity::canonicalTokens(QString::fromUtf8(TestUtil::readAll(dumped)));
        const QStringList actual = Fidelity::canonicalTokens(QString::fromUtf8(rendered.out));
        if (expected != actual)
            mismatches->append({label, firstDifference(expected, actual)});
    }
    return static_cast<int>(posts.size());
}

static QString report(int total, const QList<Mismatch> &mismatches)
{
    const int identical = total - static_cast<int>(mismatches.size());
    QString text = QStringLiteral("%1 of %2 posts read as Jekyll builds them (%3%)\n")
                       .arg(identical)
                       .arg(total)
                       .arg(total ? 100.0 * identical / total : 0.0, 0, 'f', 1);
    for (const Mismatch &m : mismatches)
        text += QStringLiteral("  %1: %2\n").arg(m.post, m.reason);
    return text;
}

void TestFidelity::postsReadAsJekyllBuildsThem()
{
    if (QStandardPaths::findExecutable(QStringLiteral("jekyll")).isEmpty())
        QSKIP("jekyll is not installed (Debian: apt install jekyll)");
    int total = 0;
    QList<Mismatch> mismatches;
    for (const QString &site : m_sites)
        total += compareSite(site, TestUtil::corpusDir() + QLatin1Char('/') + site, &mismatches);
    QVERIFY(total > 0);
    qInfo().noquote() << report(total, mismatches);
    const double share = static_cast<double>(total - mismatches.size()) / total;
    QVERIFY2(share >= kRequiredShare, qPrintable(QStringLiteral("%1% identical, %2% required")
                                                     .arg(share * 100, 0, 'f', 1)
                                                     .arg(kRequiredShare * 100, 0, 'f', 0)));
}

// The corpus has no Liquid control flow, attribute lists, footnotes or definition lists:
// fidelity/site has them, and every one of its posts must read as Jekyll builds it.
void TestFidelity::liquidAndKramdownSyntaxReadAsJekyllBuildsThem()
{
    if (QStandardPaths::findExecutable(QStringLiteral("jekyll")).isEmpty())
        QSKIP("jekyll is not installed (Debian: apt install jekyll)");
    QList<Mismatch> mismatches;
    const int total = compareSite(QStringLiteral("fidelity-site"),
                                  fidelityDir() + QStringLiteral("/site"), &mismatches);
    qInfo().noquote() << report(total, mismatches);
    QVERIFY(total >= 5);
    QVERIFY2(mismatches.isEmpty(), qPrintable(report(total, mismatches)));
}

QTEST_GUILESS_MAIN(TestFidelity)
#include "tst_fidelity.moc"
