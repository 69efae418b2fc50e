#ifndef MEETDOWN_EDITOR_JOURNAL_H
#define MEETDOWN_EDITOR_JOURNAL_H

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace Meetdown {

// Unsaved edits of one open document, written every few seconds so that a crash or a kill
// loses nothing.
struct JournalEntry
{
    QString id;          // stable for the life of one open document
    QString path;        // the file being edited; empty for a new, unsaved post
    QByteArray bytes;    // the whole post as it would be saved
    QByteArray diskHash; // hash of the file on disk when it was loaded or last saved
    QDateTime written;
    qint64 pid = 0; // the process that wrote it
};

class Journal final
{
public:
    explicit Journal(const QString &folder);

    QString folder() const { return m_folder; }
    // Empty on success, else why the journal could not be written.
    QString write(const JournalEntry &entry) const;
    void remove(const QString &id) const;
    // Entries left by processes that are no longer running: what a crash left behind.
    QList<JournalEntry> orphans() const;
    static QByteArray hashOf(const QByteArray &bytes);
    // Hash of a file's bytes, or an empty array when it cannot be read.
    static QByteArray hashOfFile(const QString &path);

private:
    QString m_folder;
};

} // namespace Meetdown

#endif
