#include "document.h"

#include "fileio.h"
#include "journal.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QPlainTextDocumentLayout>
#include <QTextDocument>
#include <QTimer>
#include <QUndoCommand>
#include <QUndoStack>

namespace Meetdown {

namespace {

// A text edit already made in the QTextDocument; undo and redo drive the document's own stack,
// so both kinds of edit share one history in the order they were made.
class TextCommand final : public QUndoCommand
{
public:
    TextCommand(QTextDocument *document, bool *replaying)
        : QUndoCommand(QObject::tr("Typing")), m_document(document), m_replaying(replaying)
    {}
    void undo() override
    {
        replay([this] { m_document->undo(); });
    }
    void redo() override
    {
        if (m_first) {
            m_first = false;
            return;
        }
        replay([this] { m_document->redo(); });
    }

private:
    template <typename F> void replay(F f)
    {
        *m_replaying = true;
        f();
        *m_replaying = false;
    }
    QTextDocument *m_document;
    bool *m_replaying;
    bool m_first = true;
};

} // namespace

class FrontMatterCommand final : public QUndoCommand
{
public:
    FrontMatterCommand(Document *document, const Post &before, const Post &after,
                       const QString &text)
        : QUndoCommand(text), m_document(document), m_before(before), m_after(after)
    {}
    void undo() override { m_document->setFrontMatterPost(m_before); }
    void redo() override { m_document->setFrontMatterPost(m_after); }
    int id() const override { return 1; }
    // Typing in one field is one undo step, not one per keystroke.
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *o = static_cast<const FrontMatterCommand *>(other);
        if (o->text() != text() || m_merges >= 200)
            return false;
        m_after = o->m_after;
        ++m_merges;
        return true;
    }

private:
    Document *m_document;
    Post m_before;
    Post m_after;
    int m_merges = 0;
};

Document::Document(QObject *parent)
    : QObject(parent), m_body(new QTextDocument(this)), m_undo(new QUndoStack(this)),
      m_watcher(new QFileSystemWatcher(this))
{
    m_body->setDocumentLayout(new QPlainTextDocumentLayout(m_body));
    m_body->setUndoRedoEnabled(true);
    connect(m_body, &QTextDocument::undoCommandAdded, this, [this] {
        if (!m_loading && !m_replayingText)
            m_undo->push(new TextCommand(m_body, &m_replayingText));
    });
    connect(m_body, &QTextDocument::contentsChanged, this, [this] {
        if (!m_loading)
            emit bodyChanged();
    });
    connect(m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &Document::onWatchedChange);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &Document::onWatchedChange);
}

Document::~Document() = default;

QString Document::displayName() const
{
    if (!m_path.isEmpty())
        return QFileInfo(m_path).fileName();
    if (!m_suggestedPath.isEmpty())
        return QFileInfo(m_suggestedPath).fileName();
    return tr("Untitled");
}

bool Document::isModified() const
{
    return !m_undo->isClean();
}

void Document::resetTo(const Post &post, const QString &path, const QByteArray &diskHash)
{
    m_loading = true;
    m_post = post;
    if (m_path != path) {
        m_path = path;
        emit pathChanged(path);
    }
    m_diskHash = diskHash;
    m_body->setPlainText(post.body());
    m_body->clearUndoRedoStacks();
    m_undo->clear();
    m_undo->setClean();
    m_loading = false;
    watch();
    emit frontMatterChanged();
    emit bodyChanged();
    emit modifiedChanged(false);
}

QString Document::load(const QString &path)
{
    const ReadResult read = FileIO::read(path, Post::MaxEditableBytes);
    if (!read.error.isEmpty())
        return QStringLiteral("%1: %2").arg(path, read.error);
    m_suggestedPath.clear();
    resetTo(Post::fromBytes(read.bytes), QFileInfo(path).absoluteFilePath(),
            Journal::hashOf(read.bytes));
    return QString();
}

void Document::loadNew(const QByteArray &bytes, const QString &suggestedPath)
{
    m_suggestedPath = suggestedPath;
    resetTo(Post::fromBytes(bytes), QString(), QByteArray());
}

void Document::loadRecovered(const QString &path, const QByteArray &bytes,
                             const QByteArray &diskHash)
{
    const Post recovered = Post::fromBytes(bytes);
    if (path.isEmpty()) {
        loadNew(QByteArray());
    } else if (!load(path).isEmpty()) {
        // The file is gone: the recovered text becomes a new post that Save As will place.
        m_suggestedPath = path;
        resetTo(Post(), QString(), QByteArray());
    }
    if (!path.isEmpty() && QFileInfo::exists(path))
        m_diskHash = Journal::hashOfFile(path) == diskHash ? diskHash : Journal::hashOfFile(path);
    // Applied as one undoable edit, so the buffer is modified and nothing is written yet.
    m_body->setPlainText(recovered.body());
    const Post before = m_post;
    m_undo->push(new FrontMatterCommand(this, before, recovered, tr("Recover unsaved edits")));
}

Post Document::post() const
{
    Post p = m_post;
    const QString text = bodyText();
    // An untouched body keeps its exact bytes (mixed line endings and all).
    if (text != m_post.body())
        p.setBody(text);
    return p;
}

QString Document::bodyText() const
{
    // toPlainText() would turn non-breaking spaces into spaces; the raw text keeps them.
    QString text = m_body->toRawText();
    text.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    return text;
}

void Document::setFrontMatterPost(const Post &post)
{
    m_post = post;
    emit frontMatterChanged();
}

QString Document::applyFieldEdit(const FieldEdit &edit)
{
    Post after = m_post;
    const QString error = edit.apply(after);
    if (!error.isEmpty())
        return error;
    if (after.toBytes() == m_post.toBytes())
        return QString();
    m_undo->push(new FrontMatterCommand(this, m_post, after, edit.description()));
    return QString();
}

void Document::setFrontMatterText(const QByteArray &yaml)
{
    Post after = m_post;
    after.setFrontMatterText(yaml);
    if (after.toBytes() == m_post.toBytes())
        return;
    m_undo->push(new FrontMatterCommand(this, m_post, after, tr("Edit front matter")));
}

QString Document::save()
{
    if (m_path.isEmpty())
        return tr("This post has no file yet; use Save As.");
    return saveAs(m_path);
}

QString Document::saveAs(const QString &path)
{
    if (!m_post.isEditable())
        return tr("%1 is not saved: %2.").arg(displayName(), m_post.refusal());
    const QByteArray bytes = post().toBytes();
    m_watcher->blockSignals(true);
    const QString error = FileIO::write(path, bytes);
    m_watcher->blockSignals(false);
    if (!error.isEmpty())
        return error;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_post = Post::fromBytes(bytes);
    m_diskHash = Journal::hashOf(bytes);
    if (absolute != m_path) {
        m_path = absolute;
        m_suggestedPath.clear();
        emit pathChanged(m_path);
    }
    m_undo->setClean();
    watch();
    return QString();
}

bool Document::changedOnDisk() const
{
    if (m_path.isEmpty())
        return false;
    return Journal::hashOfFile(m_path) != m_diskHash;
}

QString Document::reload()
{
    return load(m_path);
}

QString Document::followMove(const QString &newPath)
{
    if (isModified())
        return tr("%1 has unsaved edits; save them before it moves.").arg(displayName());
    const ReadResult read = FileIO::read(newPath, Post::MaxEditableBytes);
    if (!read.error.isEmpty())
        return QStringLiteral("%1: %2").arg(newPath, read.error);
    const QString absolute = QFileInfo(newPath).absoluteFilePath();
    if (read.bytes != post().toBytes()) {
        m_suggestedPath.clear();
        resetTo(Post::fromBytes(read.bytes), absolute, Journal::hashOf(read.bytes));
        return QString();
    }
    m_diskHash = Journal::hashOf(read.bytes);
    if (absolute != m_path) {
        m_path = absolute;
        m_suggestedPath.clear();
        emit pathChanged(m_path);
    }
    watch();
    return QString();
}

void Document::watch()
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    if (m_path.isEmpty())
        return;
    m_watcher->addPath(m_path);
    // A save by rename (most editors, git checkout) replaces the file: the folder sees it.
    m_watcher->addPath(QFileInfo(m_path).absolutePath());
}

void Document::onWatchedChange()
{
    if (m_path.isEmpty())
        return;
    if (!m_watcher->files().contains(m_path) && QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
    if (changedOnDisk())
        emit fileChangedOnDisk();
}

} // namespace Meetdown
