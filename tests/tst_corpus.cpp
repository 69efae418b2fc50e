// Acceptance over the real posts in ../shared/corpus: every post opens, round-trips byte for
// byte, takes a one-line edit, reads as Ruby's Psych reads it, and renders.

#include "testutil.h"

#include <editor/post.h>
#include <preview/markdownrenderer.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

class TestCorpus final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTripInProcess();
    void setWithoutAssignmentsIsByteIdentical();
    void setTitleChangesExactlyOneLine();
    void getAgreesWithRuby();
    void everyPostRenders();

private:
    QStringList m_posts;
    QTemporaryDir m_tmp;

    QString copyOf(const QString &path, int index) const
    {
        const QString copy =
            m_tmp.filePath(QStringLiteral("%1-%2").arg(index).arg(QFileInfo(path).fileName()));
        QFile::remove(copy);
        QFile::copy(path, copy);
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        return copy;
    }
};

void TestCorpus::initTestCase()
{
    m_posts = TestUtil::corpusPosts();
    if (m_posts.isEmpty())
        QFAIL(qPrintable(QStringLiteral("no posts found in %1").arg(TestUtil::corpusDir())));
    QVERIFY(m_posts.size() >= 300);
    QVERIFY(m_tmp.isValid());
}

void TestCorpus::roundTripInProcess()
{
    for (const QString &path : m_posts) {
        const QByteArray bytes = TestUtil::readAll(path);
        const Post post = Post::fromBytes(bytes);
        QVERIFY2(post.isEditable(), qPrintable(path + QStringLiteral(": ") + post.refusal()));
        QVERIFY2(post.toBytes() == bytes, qPrintable(path));
    }
}

void TestCorpus::setWithoutAssignmentsIsByteIdentical()
{
    for (int i = 0; i < m_posts.size(); ++i) {
        const QString copy = copyOf(m_posts.at(i), i);
        const auto r = TestUtil::meetdown({QStringLiteral("set"), copy});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(TestUtil::readAll(copy) == TestUtil::readAll(m_posts.at(i)),
                 qPrintable(m_posts.at(i)));
    }
}

void TestCorpus::setTitleChangesExactlyOneLine()
{
    for (int i = 0; i < m_posts.size(); ++i) {
        const QString copy = copyOf(m_posts.at(i), i);
        const QByteArray before = TestUtil::readAll(copy);
        const auto r = TestUtil::meetdown({QStringLiteral("set"), copy, QStringLiteral("title=X")});
        QVERIFY2(r.exitCode == 0, qPrintable(m_posts.at(i) + QString::fromUtf8(r.err)));
        const QByteArray after = TestUtil::readAll(copy);
        const int changed = TestUtil::changedLineCount(before, after);
        QVERIFY2(
            changed == 1,
            qPrintable(QStringLiteral("%1: %2 lines changed").arg(m_posts.at(i)).arg(changed)));
        const auto get = TestUtil::meetdown({QStringLiteral("get"), copy, QStringLiteral("title")});
        QCOMPARE(get.out.trimmed(), QByteArray("\"X\""));
    }
}

void TestCorpus::getAgreesWithRuby()
{
    const auto ruby =
        TestUtil::run(QStringLiteral("ruby"), QStringList{TestUtil::oracleScript()} + m_posts);
    QVERIFY2(ruby.exitCode == 0, ruby.err.constData());
    const QList<QByteArray> lines = ruby.out.trimmed().split('\n');
    QCOMPARE(lines.size(), m_posts.size());
    int compared = 0;
    for (const QByteArray &line : lines) {
        const QJsonObject expected = QJsonDocument::fromJson(line).object();
        const QString path = expected.value(QStringLiteral("path")).toString();
        const auto r = TestUtil::meetdown({QStringLiteral("get"), path});
        if (expected.contains(QStringLiteral("error"))) {
            QVERIFY2(r.exitCode != 0,
                     qPrintable(path + QStringLiteral(" loads for us but Ruby says ") +
                                expected.value(QStringLiteral("error")).toString()));
            continue;
        }
        QVERIFY2(r.exitCode == 0, qPrintable(path + QString::fromUtf8(r.err)));
        QJsonParseError error;
        const QJsonDocument ours = QJsonDocument::fromJson(r.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(path));
        const QJsonObject want = expected.value(QStringLiteral("data")).toObject();
        const QJsonObject got = ours.object();
        QCOMPARE(got.keys(), want.keys());
        for (const QString &key : want.keys()) {
            QVERIFY2(
                got.value(key) == want.value(key),
                qPrintable(
                    QStringLiteral("%1: key %2: ours %3, Ruby's %4")
                        .arg(path, key,
                             QString::fromUtf8(QJsonDocument(QJsonObject{{key, got.value(key)}})
                                                   .toJson(QJsonDocument::Compact)),
                             QString::fromUtf8(QJsonDocument(QJsonObject{{key, want.value(key)}})
                                                   .toJson(QJsonDocument::Compact)))));
            ++compared;
        }
    }
    QVERIFY(compared > 1000);
}

void TestCorpus::everyPostRenders()
{
    for (const QString &path : m_posts) {
        const auto r = TestUtil::meetdown({QStringLiteral("render"), path});
        QVERIFY2(r.exitCode == 0, qPrintable(path + QString::fromUtf8(r.err)));
        const Post post = Post::fromBytes(TestUtil::readAll(path));
        if (!post.body().trimmed().isEmpty())
            QVERIFY2(!r.out.isEmpty(), qPrintable(path));
    }
}

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
