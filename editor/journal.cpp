#include "journal.h"

#include "fileio.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace Meetdown {

namespace {

bool processAlive(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (pid == QCoreApplication::applicationPid())
        return true;
    // A pid can be reused; a live process with our name is what counts.
    QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
    if (!comm.open(QIODevice::ReadOnly))
        return false;
    const QByteArray name = comm.readAll().trimmed();
    return name == QFileInfo(QCoreApplication::applicationFilePath()).fileName().toUtf8().left(15);
}

} // namespace

Journal::Journal(const QString &folder) : m_folder(folder) {}

QString Journal::write(const JournalEntry &entry) const
{
    if (!QDir().mkpath(m_folder))
        return QStringLiteral("cannot create the journal folder %1").arg(m_folder);
    QJsonObject o;
    o.insert(QStringLiteral("id"), entry.id);
    o.insert(QStringLiteral("path"), entry.path);
    o.insert(QStringLiteral("bytes"), QString::fromLatin1(entry.bytes.toBase64()));
    o.insert(QStringLiteral("diskHash"), QString::fromLatin1(entry.diskHash.toHex()));
    o.insert(QStringLiteral("written"), entry.written.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("pid"), entry.pid);
    return FileIO::write(QDir(m_folder).filePath(entry.id + QStringLiteral(".json")),
                         QJsonDocument(o).toJson(QJsonDocument::Compact));
}

void Journal::remove(const QString &id) const
{
    QFile::remove(QDir(m_folder).filePath(id + QStringLiteral(".json")));
}

QList<JournalEntry> Journal::orphans() const
{
    QList<JournalEntry> out;
    const QDir dir(m_folder);
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Time)) {
        const ReadResult read = FileIO::read(dir.filePath(name), 256 * 1024 * 1024);
        const QJsonObject o = QJsonDocument::fromJson(read.bytes).object();
        if (o.isEmpty())
            continue;
        JournalEntry e;
        e.id = o.value(QStringLiteral("id")).toString();
        e.path = o.value(QStringLiteral("path")).toString();
        e.bytes = QByteArray::fromBase64(o.value(QStringLiteral("bytes")).toString().toLatin1());
        e.diskHash = QByteArray::fromHex(o.value(QStringLiteral("diskHash")).toString().toLatin1());
        e.written =
            QDateTime::fromString(o.value(QStringLiteral("written")).toString(), Qt::ISODateWithMs);
        e.pid = o.value(QStringLiteral("pid")).toInteger();
        if (e.id.isEmpty() || processAlive(e.pid))
            continue;
        out.append(e);
    }
    return out;
}

QByteArray Journal::hashOf(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

QByteArray Journal::hashOfFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result();
}

} // namespace Meetdown
