#ifndef MEETDOWN_EDITOR_DOCUMENT_H
#define MEETDOWN_EDITOR_DOCUMENT_H

#include "fieldedit.h"
#include "post.h"

#include <QObject>

class QFileSystemWatcher;
class QTextDocument;
class QUndoStack;

namespace Meetdown {

// One open post: the front matter as a Post, the body as the QTextDocument the Markdown pane
// edits, and one undo stack over both, so that undo goes back through form and text edits in
// the order they were made. It knows its file: saving, and noticing changes made on disk.
class Document final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Document)

public:
    explicit Document(QObject *parent = nullptr);
    ~Document() override;

    // Empty on success, else a message; on failure the document is unchanged.
    QString load(const QString &path);
    // A new, untitled post (path may name where Save will suggest writing it).
    void loadNew(const QByteArray &bytes, const QString &suggestedPath = {});
    // Recovered bytes for path (from the journal): loaded as unsaved edits.
    void loadRecovered(const QString &path, const QByteArray &bytes, const QByteArray &diskHash);

    QString path() const { return m_path; }
    QString suggestedPath() const { return m_suggestedPath; }
    bool isUntitled() const { return m_path.isEmpty(); }
    QString displayName() const;
    bool isModified() const;
    bool isEditable() const { return m_post.isEditable(); }

    // The post as it would be saved now.
    Post post() const;
    QByteArray bytes() const { return post().toBytes(); }
    // The front matter only (its body may be stale): cheap, for the form and the preview header.
    const Post &frontMatter() const { return m_post; }
    QString bodyText() const;
    QTextDocument *bodyDocument() const { return m_body; }
    QUndoStack *undoStack() const { return m_undo; }
    QByteArray diskHash() const { return m_diskHash; }

    QString applyFieldEdit(const FieldEdit &edit);
    // The raw YAML editor for a front matter that does not parse; always applied.
    void setFrontMatterText(const QByteArray &yaml);

    // Empty on success, else a message; the edits stay in the document on failure.
    QString save();
    QString saveAs(const QString &path);
    // True when the file on disk is no longer what was loaded or last saved.
    bool changedOnDisk() const;
    // Reads the file again, dropping unsaved edits (after the user agreed to it).
    QString reload();
    // The saved post was moved to newPath (renamed to match its title, say), perhaps with its
    // links rewritten. Follows it there: the path, the watcher and pathChanged; the undo history
    // stays unless the bytes changed. Refused while there are unsaved edits: save first.
    QString followMove(const QString &newPath);

signals:
    void frontMatterChanged();
    void bodyChanged();
    void modifiedChanged(bool modified);
    void pathChanged(const QString &path);
    // The file changed on disk (edited elsewhere, replaced by rename, or removed).
    void fileChangedOnDisk();

private:
    friend class FrontMatterCommand;
    void setFrontMatterPost(const Post &post);
    void resetTo(const Post &post, const QString &path, const QByteArray &diskHash);
    void watch();
    void onWatchedChange();

    Post m_post;
    QString m_path;
    QString m_suggestedPath;
    QByteArray m_diskHash;
    QTextDocument *m_body;
    QUndoStack *m_undo;
    QFileSystemWatcher *m_watcher;
    bool m_loading = false;
    bool m_replayingText = false;
};

} // namespace Meetdown

#endif
