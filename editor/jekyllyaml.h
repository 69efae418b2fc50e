#ifndef MEETDOWN_EDITOR_JEKYLLYAML_H
#define MEETDOWN_EDITOR_JEKYLLYAML_H

#include "diagnostic.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QVariant>

#include <optional>

namespace Meetdown {

// A YAML mapping the way Ruby builds a Hash: a key keeps the position of its first occurrence and
// the last value wins.
using YamlMap = QList<QPair<QString, QVariant>>;

// The value of key in map, or an invalid QVariant.
QVariant yamlValue(const YamlMap &map, const QString &key);

// Where one top-level entry of a mapping sits in the text, as byte offsets, so that it can be
// patched without touching any other byte.
struct YamlEntry
{
    QString key;
    int line = 0;              // 0-based line of the key
    qsizetype lineStart = 0;   // first byte of the key's line
    qsizetype afterColon = 0;  // just past the ':' that ends the key
    qsizetype valueStart = -1; // the value when it starts on the key's line, else -1
    qsizetype valueEnd = -1;   // end of a one-line value, before trailing spaces and comment
    qsizetype end = 0;         // just past the line break of the entry's last line
    bool flowList = false;     // value is a one-line `[a, b]`
    bool blockList = false;    // value is a block sequence on the following lines
    char quote = 0;            // '"' or '\'' when the value is a quoted scalar
    bool hasColon = true;      // false for `? key` forms and for keys Psych would reject
};

struct YamlDocument
{
    // A YamlMap when the document is a mapping (or empty); null when it did not load.
    QVariant root;
    QList<YamlEntry> entries;
    // Errors and warnings, lines and columns 1-based relative to the text that was loaded.
    Diagnostics diagnostics;

    // The text parsed as a mapping; diagnostics may still hold errors Jekyll would stop on.
    bool loaded = false;
    // Psych.safe_load would raise on this text, so Jekyll drops the whole front matter.
    bool refused = false;

    bool isLoaded() const { return loaded; }
    YamlMap map() const;
    const YamlEntry *lastEntry(const QString &key) const;
};

// Jekyll reads front matter with Psych.safe_load (YAML 1.1, permitted classes Date and Time).
// yaml-cpp provides the structure; the scalars are resolved here by Psych's rules, because
// yaml-cpp's own (YAML 1.2) rules give other types for `no`, `0755`, `12:30` or "false".
class JekyllYaml final
{
public:
    // Loads the text of a front matter block (the opening `---` line may be included).
    static YamlDocument load(const QByteArray &utf8);

    // What Psych makes of an unquoted scalar: null, bool, qlonglong, double, QDate, QDateTime or
    // QString. std::nullopt when Jekyll refuses to load it (a Ruby symbol such as `:compressed`).
    static std::optional<QVariant> resolvePlainScalar(const QString &scalar);

    // The YAML text that Jekyll reads back as exactly this string. Plain when that is safe; else
    // quoted, in preferredQuote ('"' or '\'') when that quote can express the string. A flow item
    // (inside `[...]`) also quotes `,[]{}`.
    enum class Context
    {
        Block,
        Flow
    };
    static QString quoted(const QString &value, char preferredQuote = '"', bool alwaysQuote = false,
                          Context context = Context::Block);

    // JSON of a resolved value; dates and times are ISO 8601 strings.
    static QByteArray toJson(const QVariant &value, bool indented = true);
    static QString isoString(const QVariant &dateOrTime);

    JekyllYaml() = delete;
};

} // namespace Meetdown

Q_DECLARE_METATYPE(Meetdown::YamlMap)

#endif
