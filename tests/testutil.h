#ifndef MEETDOWN_TESTS_TESTUTIL_H
#define MEETDOWN_TESTS_TESTUTIL_H

// Small helpers shared by the tests: running the real `meetdown` binary and Ruby, and finding
// the corpus of real posts.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

namespace TestUtil {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline Run run(const QString &program, const QStringList &args, const QByteArray &input = {},
               const QString &workingDir = {})
{
    QProcess p;
    if (!workingDir.isEmpty())
        p.setWorkingDirectory(workingDir);
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return {};
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(600000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

inline QString meetdown()
{
    const QString bin = qEnvironmentVariable("MEETDOWN_BIN");
    return bin.isEmpty() ? QStringLiteral("meetdown") : bin;
}

inline Run meetdown(const QStringList &args, const QString &workingDir = {})
{
    return run(meetdown(), args, {}, workingDir);
}

inline QString oracleScript()
{
    return QStringLiteral(MEETDOWN_SOURCE_DIR "/tests/oracle/psych_front_matter.rb");
}

inline QString corpusDir()
{
    return QStringLiteral(MEETDOWN_CORPUS_DIR);
}

// Every post of every corpus site, absolute paths, sorted.
inline QStringList corpusPosts()
{
    QStringList out;
    QDirIterator it(corpusDir(), {QStringLiteral("*.md"), QStringLiteral("*.markdown"),
                                  QStringLiteral("*.html")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QLatin1String("/_posts/")) || path.contains(QLatin1String("/_drafts/")))
            out.append(path);
    }
    out.sort();
    return out;
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

inline bool writeAll(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace TestUtil

#endif
