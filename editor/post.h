#ifndef MEETDOWN_EDITOR_POST_H
#define MEETDOWN_EDITOR_POST_H

#include "diagnostic.h"
#include "jekyllyaml.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Meetdown {

// A post file as bytes: optional front matter (Jekyll's rule: the first line is `---`, the block
// ends at the next `---` or `...` line) and the body. Nothing is ever re-emitted: an edit patches
// the bytes of the one entry it concerns, so every byte the user did not touch stays as it was.
class Post final
{
public:
    // Larger files are refused for editing: a meetup report is a few kilobytes, and a 100 MB
    // file in an editor pane would make the application unusable rather than useful.
    static constexpr qsizetype MaxEditableBytes = 32 * 1024 * 1024;

    // An empty post: no front matter, no body.
    Post();
    static Post fromBytes(const QByteArray &bytes);

    QByteArray toBytes() const;

    // Invalid UTF-8 or an oversized file is shown read-only and never rewritten.
    bool isEditable() const { return m_refusal.isEmpty(); }
    QString refusal() const { return m_refusal; }
    // The file line the refusal is about (the first invalid UTF-8 byte), or 0.
    int refusalLine() const { return m_refusalLine; }

    bool hasFrontMatter() const { return !m_open.isEmpty(); }
    // The text starts with a '---' line that opens no front matter: its closing line is missing,
    // so Jekyll reads the whole file as the post's text. Fields cannot be set until it is fixed
    // (a new front matter above it would hide the mistake).
    bool startsWithUnreadDelimiter() const;
    // The YAML between the delimiter lines, as in the file.
    QByteArray frontMatterText() const { return m_inner; }
    int frontMatterFirstLine() const { return 2; }
    const YamlDocument &yaml() const { return m_yaml; }
    bool frontMatterLoaded() const { return m_yaml.isLoaded(); }
    YamlMap values() const { return m_yaml.map(); }
    QVariant value(const QString &key) const;
    bool contains(const QString &key) const;
    QStringList keys() const;
    // The 1-based file line of the key that Jekyll uses, or 0.
    int keyLine(const QString &key) const;
    // YAML problems with file line numbers (duplicate keys, syntax errors, refused values).
    Diagnostics diagnostics() const;

    int bodyFirstLine() const;
    QByteArray bodyBytes() const { return m_body; }
    QString body() const;
    // Takes text with '\n' line breaks and stores it in the file's line-ending style.
    void setBody(const QString &text);
    QByteArray lineEnding() const { return m_eol; }

    // Edits return an empty string on success, else a message; on failure nothing changed.
    QString setValueYaml(const QString &key, const QString &yaml);
    QString setString(const QString &key, const QString &text);
    QString setBool(const QString &key, bool value);
    // Keeps the list style the file uses for this key: `[a, b]`, a block list, or a plain string.
    QString setStringList(const QString &key, const QStringList &items);
    QString remove(const QString &key);
    // Replaces the whole YAML between the delimiters (the raw editor for a broken front matter).
    QString setFrontMatterText(const QByteArray &yaml);

private:
    void reparse();
    QString replaceEntry(const QString &key, const QByteArray &entryText);
    // Why an edit of key from before to *this must be undone, or an empty string.
    QString editBreaks(const Post &before, const QString &key, bool removed) const;
    QByteArray entryLines(const QString &key, const QString &yaml) const;
    QString editError() const;

    QByteArray m_bom;
    QByteArray m_open;  // "---" line with its line break
    QByteArray m_inner; // YAML text
    QByteArray m_close; // closing delimiter line, with its line break when there is one
    QByteArray m_body;
    QByteArray m_eol = "\n";
    QString m_refusal;
    int m_refusalLine = 0;
    YamlDocument m_yaml;
    bool m_createdFrontMatter = false;
};

// Strict UTF-8: no overlong forms, surrogates or code points past U+10FFFF.
bool isValidUtf8(const QByteArray &bytes);

} // namespace Meetdown

#endif
