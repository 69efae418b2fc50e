#ifndef MEETDOWN_EDITOR_SITESCHEMA_H
#define MEETDOWN_EDITOR_SITESCHEMA_H

#include "diagnostic.h"
#include "jekyllyaml.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimeZone>
#include <QVariant>

#include <optional>

namespace Meetdown {

class Site;

// One front-matter field as the site describes it.
struct FieldSpec
{
    enum class Type
    {
        String,
        Text,
        DateTime,
        Boolean,
        Select,
        MultiSelect,
        Tags,
        Image,
        Number,
        List,
        Hidden
    };

    QString key;
    Type type = Type::String;
    QString label; // what the form shows; the key when the schema gives none
    QString help;  // a sentence under or beside the field; may be empty
    bool required = false;
    // The value a new post gets, as Jekyll would read it (YamlMap/QVariantList/bool/...);
    // invalid when the schema gives none. Prose's CURRENT_DATETIME sets defaultIsNow instead.
    QVariant defaultValue;
    bool defaultIsNow = false;
    QStringList options;      // the values of select and multiselect (and suggested tags)
    QStringList optionLabels; // shown for each option; same length as options
    // Each option as Jekyll reads it (QString, bool, qlonglong, double, QDate, QDateTime), same
    // length as options: the text of `false` and of "false" is the same, their meaning is not.
    // Left empty by code that builds a spec from text; optionValue then reads each option the
    // way Psych reads it unquoted.
    QVariantList optionValues;
    // Meetdown's guess from the seed fields and the site's posts, not a field the site declared:
    // its rules are hints, never errors.
    bool inferred = false;

    // The option at index as Jekyll reads it (see optionValues).
    QVariant optionValue(int index) const;
    // The option Jekyll takes value to equal, by Ruby's == (2 == 2.0, `yes` is true, "2" is not
    // 2), or -1. The form and validate agree through it.
    int optionIndex(const QVariant &value) const;

    static QString typeName(Type type); // "string", "multiselect", ...
    // The reverse of typeName; std::nullopt for a name it does not give.
    static std::optional<Type> typeFromName(const QString &name);
};

// The fields a site's posts have, from the first of:
//   1. `meetdown: fields:` in _config.yml (a mapping from key to {type, label, required,
//      default, options, help}; file order is form order);
//   2. Prose's `prose: metadata: _posts:` (a list of {name, field: {element, label, value,
//      options, help}}; elements text, textarea, select, multiselect, checkbox, hidden);
//   3. the seed fields (layout, title, author, date, tags, categories, description, image,
//      featured, hidden), followed by the keys more than half of the site's posts use.
struct SiteSchema
{
    enum class Source
    {
        Meetdown,
        Prose,
        Inferred
    };

    Source source = Source::Inferred;
    QList<FieldSpec> fields; // form order; Hidden fields included (they get defaults, no widget)
    // Problems in the schema's own configuration (unknown type, options missing for a select,
    // a default outside its options...), with _config.yml lines where known. The schema still
    // loads: a bad field falls back to a string field.
    Diagnostics diagnostics;
    // Source::Inferred: the commonKeys it was loaded with, which PostTemplate follows.
    QStringList commonKeys;
    // Keys the schema marks `required: false` in so many words (title is otherwise expected).
    QStringList optional;

    // commonKeys: the keys more than half of the site's posts use, most used first (from
    // SiteIndex); used only for Source::Inferred.
    static SiteSchema load(const Site &site, const QStringList &commonKeys = {});
    // The same, with the type name (FieldSpec::typeName) each common key's values have in the
    // site's posts (SiteIndex::commonKeyTypes), so an inferred field never calls the site's own
    // habit wrong. A common key whose type there is empty (mappings among its values) is left
    // to the form's "More fields"; one missing there gets its type from its name.
    static SiteSchema load(const Site &site, const QStringList &commonKeys,
                           const QHash<QString, QString> &commonKeyTypes);
    // Seed fields only; what a post outside any site gets.
    static SiteSchema seed();

    const FieldSpec *field(const QString &key) const;
    // The keys of the required fields, in schema order.
    QStringList requiredKeys() const;

    struct Issue
    {
        QString key;
        QString message; // "required", "'x' is not one of: a, b", "should be true or false"...
        bool error = true;
    };
    // The problems of a post's front matter as Jekyll reads it (the site's front matter defaults
    // already merged in by the caller): required fields missing, null or empty; select values
    // outside the options; values of the wrong type. One issue per key at most, in schema order.
    QList<Issue> validate(const YamlMap &frontMatter) const;
};

} // namespace Meetdown

#endif
