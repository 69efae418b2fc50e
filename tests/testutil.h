#ifndef MEETDOWN_TESTS_TESTUTIL_H
#define MEETDOWN_TESTS_TESTUTIL_H

// Small helpers shared by the tests: running the real `meetdown` binary and Ruby, and finding
// the corpus of real posts.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
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
    QDirIterator it(
        corpusDir(),
        {QStringLiteral("*.md"), QStringLiteral("*.markdown"), QStringLiteral("*.html")},
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

// The file under the corpus folder, e.g. "rirug/_posts/x.md".
inline QByteArray corpusFile(const QString &relative)
{
    QFile f(corpusDir() + QLatin1Char('/') + relative);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read corpus file %s", qPrintable(relative));
    return f.readAll();
}

// Lines with their line breaks, so CRLF and a missing final newline stay visible.
inline QList<QByteArray> linesOf(const QByteArray &bytes)
{
    QList<QByteArray> lines;
    qsizetype from = 0;
    while (from < bytes.size()) {
        const qsizetype nl = bytes.indexOf('\n', from);
        const qsizetype end = nl < 0 ? bytes.size() : nl + 1;
        lines.append(bytes.mid(from, end - from));
        from = end;
    }
    return lines;
}

// What differs between two texts: the lines removed and added between the common head and tail.
struct Change
{
    QList<QByteArray> removed;
    QList<QByteArray> added;
};

inline Change changeBetween(const QByteArray &before, const QByteArray &after)
{
    const QList<QByteArray> a = linesOf(before);
    const QList<QByteArray> b = linesOf(after);
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a.at(head) == b.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a.at(a.size() - 1 - tail) == b.at(b.size() - 1 - tail))
        ++tail;
    return {a.mid(head, a.size() - head - tail), b.mid(head, b.size() - head - tail)};
}

// How many lines differ, line by line; -1 when lines were added or removed.
inline int changedLineCount(const QByteArray &before, const QByteArray &after)
{
    const QList<QByteArray> a = linesOf(before);
    const QList<QByteArray> b = linesOf(after);
    if (a.size() != b.size())
        return -1;
    int changed = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        changed += a.at(i) != b.at(i);
    return changed;
}

// Copies every file under from to the same place under to (the corpus is read-only, and Jekyll
// writes its cache into the source folder); returns to.
inline QString copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        writeAll(to + QLatin1Char('/') + QDir(from).relativeFilePath(path), readAll(path));
    }
    return to;
}

inline QStringList strings(std::initializer_list<const char *> items)
{
    QStringList out;
    for (const char *item : items)
        out.append(QString::fromUtf8(item));
    return out;
}

// A copy of a corpus site at to that Debian's Jekyll builds: what Jekyll 4.3 refuses (a Ruby
// symbol) and plugins that are not installed are taken out of its _config.yml, and since the
// corpus keeps no theme, a post layout shows what a theme's post page shows. Returns to.
inline QString buildableCorpusSite(const QString &name, const QString &to,
                                   const QString &baseurl = {})
{
    copyTree(corpusDir() + QLatin1Char('/') + name, to);
    QString config = QString::fromUtf8(readAll(to + QStringLiteral("/_config.yml")));
    config.replace(QStringLiteral("style: :compressed"), QStringLiteral("style: compressed"));
    config.replace(QRegularExpression(QStringLiteral("^plugins:[^\\n]*\\n(?:[ \\t]+-[^\\n]*\\n)*"),
                                      QRegularExpression::MultilineOption),
                   QStringLiteral("plugins: []\n"));
    if (!baseurl.isEmpty())
        config.replace(QStringLiteral("baseurl: \"\""),
                       QStringLiteral("baseurl: \"%1\"").arg(baseurl));
    writeAll(to + QStringLiteral("/_config.yml"), config.toUtf8());
    writeAll(to + QStringLiteral("/_layouts/post.html"),
             "<!DOCTYPE html>\n<html><body>\n<h1 class=\"post-title\">{{ page.title }}</h1>\n"
             "{% if page.image %}<img class=\"featured\" alt=\"\" "
             "src=\"{{ page.image | relative_url }}\">{% endif %}\n{{ content }}\n"
             "</body></html>\n");
    return to;
}

} // namespace TestUtil

#endif
