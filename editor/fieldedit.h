#ifndef MEETDOWN_EDITOR_FIELDEDIT_H
#define MEETDOWN_EDITOR_FIELDEDIT_H

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>

namespace Meetdown {

class Post;

// One change the front-matter form asks for, as a value: the form emits it, the window applies it
// to the post through its undo stack. Each kind maps onto one Post edit, so an edit patches only
// the bytes of its own entry.
class FieldEdit final
{
public:
    enum class Kind
    {
        String,   // text, quoted only when Jekyll would otherwise read something else
        Bool,     // true / false
        List,     // the file's list style is kept: `[a, b]`, a block list or a plain string
        DateTime, // written unquoted so that Jekyll reads a Time, not a String
        Yaml,     // raw YAML for the value, as the "More fields" editor shows it; "" is `key:`
        Remove,
    };

    FieldEdit() = default;

    // quote: the quote the author used when this burst of typing began ('"', '\'' or 0 for
    // plain). Without it the entry's current quoting is kept; with it, typing a trailing space
    // (which needs quotes for a moment) does not leave quotes behind once the text is plain again.
    static FieldEdit string(const QString &key, const QString &text,
                            std::optional<char> quote = std::nullopt);
    static FieldEdit boolean(const QString &key, bool value);
    static FieldEdit list(const QString &key, const QStringList &items);
    static FieldEdit dateTime(const QString &key, const QDateTime &dateTime, const QTimeZone &zone);
    static FieldEdit yaml(const QString &key, const QString &valueYaml);
    static FieldEdit remove(const QString &key);

    Kind kind() const { return m_kind; }
    QString key() const { return m_key; }
    QString text() const { return m_text; }
    std::optional<char> quote() const { return m_quote; }
    bool boolValue() const { return m_bool; }
    QStringList items() const { return m_items; }
    QDateTime dateTimeValue() const { return m_dateTime; }
    QTimeZone timeZone() const { return m_zone; }
    bool isValid() const { return !m_key.isEmpty(); }

    // Empty on success, else a message for the author; on failure the post is unchanged.
    QString apply(Post &post) const;

    // "Change title", for undo menus.
    QString description() const;

    // The value of key as YAML text the way the "More fields" editor shows it: a one-line value
    // as written (without a trailing comment, which an edit keeps), a multi-line one with its
    // common indentation removed. Kind::Yaml reverses this, so applying the text unchanged
    // changes nothing.
    static QString valueYamlText(const Post &post, const QString &key);

    friend bool operator==(const FieldEdit &a, const FieldEdit &b);
    friend bool operator!=(const FieldEdit &a, const FieldEdit &b) { return !(a == b); }

private:
    QString applyYaml(Post &post) const;

    Kind m_kind = Kind::String;
    QString m_key;
    QString m_text;
    std::optional<char> m_quote;
    bool m_bool = false;
    QStringList m_items;
    QDateTime m_dateTime;
    QTimeZone m_zone;
};

} // namespace Meetdown

Q_DECLARE_METATYPE(Meetdown::FieldEdit)

#endif
