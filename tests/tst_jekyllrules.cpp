// Jekyll's naming and date rules, with Jekyll itself (Debian's) as the oracle for slugify.

#include "testutil.h"

#include <editor/jekyllrules.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

class TestJekyllRules final : public QObject
{
    Q_OBJECT

private slots:
    void slugifyMatchesJekyll();
    void parsePostFileName_data();
    void parsePostFileName();
    void formatDate();
    void postDate();
    void ignoredNames();
    void fileSlugIsBounded();
    void newPostNeverTakesAnotherName();
};

void TestJekyllRules::slugifyMatchesJekyll()
{
    const QStringList titles = {
        QStringLiteral("August 2015 meetup report"),
        QStringLiteral("Talks – March, 2021"),
        QStringLiteral("  Leading and trailing!  "),
        QStringLiteral("Café & Ñandú: ünïcödé"),
        QStringLiteral("C++ / Qt 6.4 — what's new?"),
        QStringLiteral("日本語のタイトル"),
        QStringLiteral("Emoji 😀 party"),
        QStringLiteral("UPPER lower MiXeD"),
        QStringLiteral("a--b__c..d"),
        QStringLiteral("100% Python"),
        QStringLiteral("Ünïcode İstanbul ß"),
        QStringLiteral("---"),
        QStringLiteral("x"),
        QStringLiteral("Hindi हिन्दी talk"),
        QStringLiteral("tab\tand\nnewline"),
    };
    const auto r = TestUtil::run(
        QStringLiteral("ruby"),
        QStringList{QStringLiteral("-rjekyll"), QStringLiteral("-e"),
                    QStringLiteral("ARGV.each { |t| puts Jekyll::Utils.slugify(t).inspect }")} +
            titles);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), titles.size());
    for (int i = 0; i < titles.size(); ++i) {
        QByteArray expected = lines.at(i);
        expected = expected.mid(1, expected.size() - 2); // strip inspect's quotes
        QCOMPARE(JekyllRules::slugify(titles.at(i)), QString::fromUtf8(expected));
    }
}

void TestJekyllRules::parsePostFileName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("matches");
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QString>("slug");
    QTest::newRow("normal") << QStringLiteral("2015-08-22-august-meetup.md") << true
                            << QDate(2015, 8, 22) << QStringLiteral("august-meetup");
    QTest::newRow("short digits") << QStringLiteral("2015-8-2-x.markdown") << true
                                  << QDate(2015, 8, 2) << QStringLiteral("x");
    QTest::newRow("no date") << QStringLiteral("august-meetup.md") << false << QDate() << QString();
    QTest::newRow("no slug separator")
        << QStringLiteral("2015-08-22.md") << false << QDate() << QString();
    QTest::newRow("bad date") << QStringLiteral("2015-13-45-x.md") << true << QDate()
                              << QStringLiteral("x");
    // Time.parse rolls a day past the month's end over; jekyll build publishes it on March 1st.
    QTest::newRow("day past the month's end")
        << QStringLiteral("2024-02-30-x.md") << true << QDate(2024, 3, 1) << QStringLiteral("x");
    QTest::newRow("no extension") << QStringLiteral("2015-08-22-x") << false << QDate()
                                  << QString();
}

void TestJekyllRules::parsePostFileName()
{
    QFETCH(QString, name);
    QFETCH(bool, matches);
    QFETCH(QDate, date);
    QFETCH(QString, slug);
    const PostFileName parsed = JekyllRules::parsePostFileName(name);
    QCOMPARE(parsed.matches, matches);
    if (matches) {
        QCOMPARE(parsed.date, date);
        QCOMPARE(parsed.slug, slug);
    }
}

void TestJekyllRules::formatDate()
{
    const QTimeZone kolkata("Asia/Kolkata");
    const QDateTime utc(QDate(2015, 8, 22), QTime(18, 45), Qt::UTC);
    QCOMPARE(JekyllRules::formatDate(utc, kolkata), QStringLiteral("2015-08-23 00:15:00 +0530"));
    QCOMPARE(JekyllRules::formatDate(utc, QTimeZone("America/New_York")),
             QStringLiteral("2015-08-22 14:45:00 -0400"));
    QCOMPARE(JekyllRules::postFileName(utc.toTimeZone(kolkata).date(), QStringLiteral("x")),
             QStringLiteral("2015-08-23-x.md"));
}

void TestJekyllRules::postDate()
{
    const QTimeZone zone("Europe/Copenhagen");
    QCOMPARE(*JekyllRules::postDate(QStringLiteral("2023-08-10 17:00"), zone),
             QDateTime(QDate(2023, 8, 10), QTime(17, 0), zone));
    QCOMPARE(
        JekyllRules::postDate(QStringLiteral("2023-08-10 17:00:00 +0530"), zone)->offsetFromUtc(),
        19800);
    QCOMPARE(*JekyllRules::postDate(QDate(2023, 8, 10), zone),
             QDateTime(QDate(2023, 8, 10), QTime(0, 0), zone));
    QVERIFY(!JekyllRules::postDate(QStringLiteral("next tuesday"), zone));
    QVERIFY(!JekyllRules::postDate(qlonglong(5), zone));
    // Days past the month's end roll over as in Jekyll (Time.parse), checked against it.
    const QStringList texts = {
        QStringLiteral("2023-02-30"),       QStringLiteral("2024-02-31"),
        QStringLiteral("2024-04-31 18:30"), QStringLiteral("2024-02-30 24:00"),
        QStringLiteral("2024-02-32"),       QStringLiteral("2024-13-01"),
        QStringLiteral("2024-02-00"),       QStringLiteral("2024-02-29 23:59:59"),
        QStringLiteral("2024-02-28 25:00"), QStringLiteral("2024-12-31 24:00"),
    };
    const auto r = TestUtil::run(
        QStringLiteral("ruby"),
        QStringList{QStringLiteral("-rjekyll"), QStringLiteral("-e"),
                    QStringLiteral("ENV['TZ'] = 'UTC'; ARGV.each { |t| begin; puts "
                                   "Jekyll::Utils.parse_date(t).strftime('%F %T'); rescue "
                                   "Jekyll::Errors::InvalidDateError; puts 'invalid'; end }")} +
            texts);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), texts.size());
    for (int i = 0; i < texts.size(); ++i) {
        const auto ours = JekyllRules::postDate(texts.at(i), QTimeZone::utc());
        QCOMPARE(ours ? ours->toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                      : QStringLiteral("invalid"),
                 QString::fromUtf8(lines.at(i)));
    }
    QVERIFY(!JekyllRules::postDate(qlonglong(5), zone));
    // 02:30 does not exist on the day clocks spring forward; Ruby moves it to 03:30.
    const QTimeZone newYork("America/New_York");
    const auto gap = JekyllRules::postDate(QStringLiteral("2026-03-08 02:30"), newYork);
    QVERIFY(gap && gap->isValid());
    QCOMPARE(JekyllRules::formatDate(*gap, newYork), QStringLiteral("2026-03-08 03:30:00 -0400"));
}

void TestJekyllRules::fileSlugIsBounded()
{
    const QString slug = JekyllRules::fileSlug(QStringLiteral("long ").repeated(100));
    QVERIFY(slug.size() <= 80);
    QVERIFY(slug.startsWith(QLatin1String("long-long")));
    QVERIFY(!slug.endsWith(QLatin1Char('-')));
    QCOMPARE(JekyllRules::fileSlug(QStringLiteral("August 2015 meetup")),
             QStringLiteral("august-2015-meetup"));
}

void TestJekyllRules::ignoredNames()
{
    QVERIFY(JekyllRules::isIgnoredName(QStringLiteral("_2015-08-22-x.md")));
    QVERIFY(JekyllRules::isIgnoredName(QStringLiteral(".2015-08-22-x.md")));
    QVERIFY(JekyllRules::isIgnoredName(QStringLiteral("2015-08-22-x.md~")));
    QVERIFY(!JekyllRules::isIgnoredName(QStringLiteral("2015-08-22-x.md")));
}

void TestJekyllRules::newPostNeverTakesAnotherName()
{
    QTemporaryDir dir;
    const QDate day(2026, 11, 25);
    QCOMPARE(JekyllRules::newPostFileName(dir.path(), QStringLiteral("PyCon Sprint!"), day, false),
             QStringLiteral("2026-11-25-pycon-sprint.md"));
    QCOMPARE(JekyllRules::newPostFileName(dir.path(), QStringLiteral("PyCon Sprint!"), day, true),
             QStringLiteral("pycon-sprint.md"));
    TestUtil::writeAll(dir.filePath(QStringLiteral("2026-11-25-pycon-sprint.md")), "x");
    TestUtil::writeAll(dir.filePath(QStringLiteral("2026-11-25-pycon-sprint-2.md")), "x");
    QCOMPARE(JekyllRules::newPostFileName(dir.path(), QStringLiteral("PyCon Sprint!"), day, false),
             QStringLiteral("2026-11-25-pycon-sprint-3.md"));
    // Another day is another name.
    QCOMPARE(JekyllRules::newPostFileName(dir.path(), QStringLiteral("PyCon Sprint!"),
                                          day.addDays(1), false),
             QStringLiteral("2026-11-26-pycon-sprint.md"));
    QCOMPARE(JekyllRules::newPostFileName(dir.path(), QStringLiteral("?!"), day, false), QString());
    QCOMPARE(JekyllRules::newPostFileName(dir.path(), QStringLiteral("T"), QDate(), false),
             QString());
}

QTEST_GUILESS_MAIN(TestJekyllRules)
#include "tst_jekyllrules.moc"
