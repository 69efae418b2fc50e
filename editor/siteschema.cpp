#include "siteschema.h"

#include "jekyllrules.h"
#include "post.h"
#include "site.h"

#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace Meetdown {

namespace {

const auto Warning = Diagnostic::Severity::Warning;

// A field the site names no label for is shown by its key, as a person writes it:
// `event_date` reads "Event date".
QString labelFor(const QString &key)
{
    QString label = key;
    label.replace(QLatin1Char('_'), QLatin1Char(' ')).replace(QLatin1Char('-'), QLatin1Char(' '));
    if (!label.isEmpty())
        label[0] = label.at(0).toUpper();
    return label;
}

bool isMap(const QVariant &value)
{
    return value.typeId() == qMetaTypeId<YamlMap>();
}

bool isList(const QVariant &value)
{
    return value.typeId() == QMetaType::QVariantList;
}

bool isNull(const QVariant &value)
{
    return !value.isValid() || value.isNull();
}

bool isNumber(const QVariant &value)
{
    const int id = value.typeId();
    return id == QMetaType::LongLong || id == QMetaType::Int || id == QMetaType::Double ||
           id == QMetaType::ULongLong || id == QMetaType::UInt;
}

bool isDateOrTime(const QVariant &value)
{
    return value.typeId() == QMetaType::QDate || value.typeId() == QMetaType::QDateTime;
}

// A scalar as the text an option list holds: Psych reads `2` as an Integer and `yes` as true,
// and an option written the same way must still match.
std::optional<QString> scalarText(const QVariant &value)
{
    if (isNull(value) || isMap(value) || isList(value))
        return std::nullopt;
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (isDateOrTime(value))
        return JekyllYaml::isoString(value);
    return value.toString();
}

// The same emptiness SiteChecker has always used for `required`: blank text counts as missing.
bool hasValue(const QVariant &value)
{
    if (isNull(value))
        return false;
    if (value.typeId() == QMetaType::QString)
        return !value.toString().trimmed().isEmpty();
    if (isList(value))
        return !value.toList().isEmpty();
    if (isMap(value))
        return !value.value<YamlMap>().isEmpty();
    return true;
}

std::optional<FieldSpec::Type> typeNamed(const QString &name)
{
    using T = FieldSpec::Type;
    for (T type : {T::String, T::Text, T::DateTime, T::Boolean, T::Select, T::MultiSelect, T::Tags,
                   T::Image, T::Number, T::List, T::Hidden}) {
        if (FieldSpec::typeName(type) == name)
            return type;
    }
    return std::nullopt;
}

QString quotedList(const QStringList &items)
{
    return items.join(QStringLiteral(", "));
}

// Ruby's == on two scalars as Psych reads them: numbers compare by value whatever their class,
// anything else only with its own kind.
bool sameReading(const QVariant &a, const QVariant &b)
{
    if (isNumber(a) || isNumber(b)) {
        if (!isNumber(a) || !isNumber(b))
            return false;
        const bool integers = a.typeId() != QMetaType::Double && b.typeId() != QMetaType::Double;
        return integers ? a.toLongLong() == b.toLongLong() : a.toDouble() == b.toDouble();
    }
    if (a.typeId() != b.typeId() || isMap(a) || isList(a))
        return false;
    return a == b;
}

// What Jekyll reads as a kind of value, for a message about a value that only looks like an option.
QString kindOf(const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return QStringLiteral("true or false");
    if (isNumber(value))
        return QStringLiteral("a number");
    if (isDateOrTime(value))
        return QStringLiteral("a date");
    return QStringLiteral("text");
}

// The problem of a select value (or multiselect item) that is not one of the options. A value
// written like an option but read otherwise (`"false"` for false) says so, since both look alike.
QString notAnOption(const FieldSpec &f, const QVariant &value, const QString &text)
{
    const int same = int(f.options.indexOf(text));
    if (same >= 0) {
        const QVariant option = f.optionValue(same);
        QString fix;
        if (value.typeId() == QMetaType::QString)
            fix = QStringLiteral(": write it without quotes");
        else if (option.typeId() == QMetaType::QString)
            fix = QStringLiteral(": quote it");
        return QStringLiteral("'%1' is %2 here, but the option is %3%4")
            .arg(text, kindOf(value), kindOf(option), fix);
    }
    return QStringLiteral("'%1' is not one of: %2").arg(text, quotedList(f.options));
}

// --- Lines of _config.yml -------------------------------------------------------------------

// Site keeps the parsed config only; the lines of nested settings are found again in the text by
// indentation. Flow mappings (`meetdown: {fields: ...}`) give the line of the outermost key found.
class ConfigLines
{
public:
    explicit ConfigLines(const QString &path)
    {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            m_lines = QString::fromUtf8(file.read(Post::MaxEditableBytes)).split(QLatin1Char('\n'));
    }

    struct Place
    {
        int line = 0; // 1-based; 0 when not found
        int column = 0;
        int blockEnd = 0; // index of the first line after the entry's nested block
    };

    // The line of the key at path, each key nested in the one before; the deepest one found.
    Place find(const QStringList &path) const { return find(path, Place{0, 0, 0}); }
    Place find(const QStringList &path, Place within) const
    {
        Place found = within;
        int from = within.line; // the line after the parent (0-based index == 1-based line)
        int to = within.line == 0 ? int(m_lines.size()) : within.blockEnd;
        for (const QString &key : path) {
            const std::optional<Place> child = findChild(from, to, key);
            if (!child)
                return found;
            found = *child;
            from = child->line;
            to = child->blockEnd;
        }
        return found;
    }

    // The list item `- name: key` of a Prose metadata list below parent.
    Place findProseItem(Place parent, const QString &name, int occurrence = 0) const
    {
        const QRegularExpression re(
            QStringLiteral(R"(^(\s*)(-\s+)?name\s*:\s*(["']?)%1\3\s*(#.*)?$)")
                .arg(QRegularExpression::escape(name)));
        const int to = parent.line == 0 ? int(m_lines.size()) : parent.blockEnd;
        for (int i = parent.line; i < to; ++i) {
            const auto m = re.match(m_lines.at(i));
            if (!m.hasMatch() || occurrence-- != 0)
                continue;
            // The item's settings are the lines indented deeper than its `-`.
            const int dash = int(m.capturedLength(1));
            int end = i + 1;
            while (end < to && (!isContent(m_lines.at(end)) || indentOf(m_lines.at(end)) > dash))
                ++end;
            return {i + 1, dash + int(m.capturedLength(2)) + 1, end};
        }
        return parent;
    }

private:
    static int indentOf(const QString &line)
    {
        int n = 0;
        while (n < line.size() && line.at(n) == QLatin1Char(' '))
            ++n;
        return n;
    }
    static bool isContent(const QString &line)
    {
        const QString t = line.trimmed();
        return !t.isEmpty() && !t.startsWith(QLatin1Char('#'));
    }

    std::optional<Place> findChild(int from, int to, const QString &key) const
    {
        int childIndent = -1;
        const QRegularExpression re(
            QStringLiteral(R"(^\s*(["']?)%1\1\s*:(\s|$))").arg(QRegularExpression::escape(key)));
        for (int i = from; i < to && i < m_lines.size(); ++i) {
            const QString &line = m_lines.at(i);
            if (!isContent(line))
                continue;
            const int indent = indentOf(line);
            if (childIndent < 0)
                childIndent = indent;
            if (indent != childIndent || !re.match(line).hasMatch())
                continue;
            int end = i + 1;
            while (end < to && end < m_lines.size() &&
                   (!isContent(m_lines.at(end)) || indentOf(m_lines.at(end)) > indent))
                ++end;
            return Place{i + 1, indent + 1, end};
        }
        return std::nullopt;
    }

    QStringList m_lines;
};

// --- The seed -------------------------------------------------------------------------------

FieldSpec spec(const char *key, FieldSpec::Type type, const QString &label,
               const QString &help = {})
{
    FieldSpec f;
    f.key = QString::fromLatin1(key);
    f.type = type;
    f.label = label;
    f.help = help;
    return f;
}

QList<FieldSpec> seedFields()
{
    using T = FieldSpec::Type;
    // The order of FrontMatterForm::fieldKeys(), so the form looks the same with or without a site.
    return {
        spec("layout", T::String, QStringLiteral("Layout")),
        spec("title", T::String, QStringLiteral("Title")),
        spec("author", T::String, QStringLiteral("Author")),
        spec("date", T::DateTime, QStringLiteral("Date")),
        spec("tags", T::Tags, QStringLiteral("Tags")),
        spec("categories", T::List, QStringLiteral("Categories")),
        spec("description", T::Text, QStringLiteral("Description")),
        spec("image", T::Image, QStringLiteral("Image")),
        spec("featured", T::Boolean, QStringLiteral("Featured")),
        spec("hidden", T::Boolean, QStringLiteral("Hidden")),
    };
}

// --- meetdown: fields: ----------------------------------------------------------------------

struct Loader
{
    const Site &site;
    ConfigLines lines;
    Diagnostics diagnostics;

    void warn(const ConfigLines::Place &at, const QString &message)
    {
        diagnostics.append({Warning, at.line, at.line ? at.column : 0, message});
    }

    // Options as the schema writes them: plain values, or Prose's {name: Label, value: v}.
    static bool readOptions(const QVariant &raw, FieldSpec &f)
    {
        if (!isList(raw))
            return false;
        for (const QVariant &item : raw.toList()) {
            if (isMap(item)) {
                const YamlMap m = item.value<YamlMap>();
                QVariant value = yamlValue(m, QStringLiteral("value"));
                const QVariant name = yamlValue(m, QStringLiteral("name"));
                if (isNull(value))
                    value = name;
                const auto v = scalarText(value);
                if (!v)
                    continue;
                const auto label = scalarText(name);
                f.options.append(*v);
                f.optionLabels.append(label ? *label : *v);
                f.optionValues.append(value);
            } else if (const auto v = scalarText(item)) {
                f.options.append(*v);
                f.optionLabels.append(*v);
                f.optionValues.append(item);
            }
        }
        return true;
    }

    // A default the field cannot hold is dropped, so a new post never starts out wrong.
    void checkDefault(FieldSpec &f, const ConfigLines::Place &at, const QString &prefix)
    {
        if (!f.defaultValue.isValid())
            return;
        SiteSchema one;
        FieldSpec copy = f;
        copy.required = false;
        one.fields = {copy};
        const auto issues = one.validate({{f.key, f.defaultValue}});
        if (!issues.isEmpty()) {
            warn(at, QStringLiteral("%1default: %2; Meetdown leaves the field empty in new posts")
                         .arg(prefix, issues.first().message));
            f.defaultValue = QVariant();
        }
    }

    bool needsOptions(FieldSpec::Type type)
    {
        return type == FieldSpec::Type::Select || type == FieldSpec::Type::MultiSelect;
    }

    std::optional<SiteSchema> meetdown()
    {
        const QVariant meetdown = site.configValue(QStringLiteral("meetdown"));
        if (isNull(meetdown))
            return std::nullopt;
        const auto top = lines.find({QStringLiteral("meetdown")});
        if (!isMap(meetdown)) {
            warn(top, QStringLiteral("'meetdown' should be a mapping, like meetdown: { fields: ... "
                                     "}; Meetdown ignores it"));
            return std::nullopt;
        }
        const QVariant fields = yamlValue(meetdown.value<YamlMap>(), QStringLiteral("fields"));
        if (isNull(fields))
            return std::nullopt;
        const auto fieldsAt = lines.find({QStringLiteral("fields")}, top);
        if (!isMap(fields)) {
            warn(fieldsAt,
                 QStringLiteral("meetdown: fields: should map field names to settings, like "
                                "fields: { title: { required: true } }; Meetdown ignores it"));
            return std::nullopt;
        }
        SiteSchema schema;
        schema.source = SiteSchema::Source::Meetdown;
        for (const auto &entry : fields.value<YamlMap>()) {
            if (entry.first.trimmed().isEmpty())
                continue; // `"":` or `~:` names no front-matter key anyone could fill in
            const auto at = lines.find({entry.first}, fieldsAt);
            const QString prefix = QStringLiteral("meetdown: fields: %1: ").arg(entry.first);
            FieldSpec f;
            f.key = entry.first;
            f.label = labelFor(entry.first);
            if (!isMap(entry.second)) {
                warn(at, QStringLiteral("%1should be a mapping like { type: string, required: true "
                                        "}; Meetdown reads it as a string field")
                             .arg(prefix));
                schema.fields.append(f);
                continue;
            }
            const YamlMap settings = entry.second.value<YamlMap>();
            auto setting = [&](const char *name) {
                return yamlValue(settings, QString::fromLatin1(name));
            };
            auto settingAt = [&](const char *name) {
                return lines.find({QString::fromLatin1(name)}, at);
            };

            const QVariant type = setting("type");
            if (!isNull(type)) {
                const auto known = type.typeId() == QMetaType::QString
                                       ? typeNamed(type.toString().trimmed().toLower())
                                       : std::nullopt;
                if (!known || *known == FieldSpec::Type::Hidden) {
                    warn(settingAt("type"),
                         QStringLiteral("%1type: unknown type '%2' (use one of string, text, "
                                        "datetime, boolean, select, multiselect, tags, image, "
                                        "number, list); Meetdown reads it as a string field")
                             .arg(prefix, scalarText(type).value_or(QStringLiteral("..."))));
                } else {
                    f.type = *known;
                }
            }

            const QVariant required = setting("required");
            if (!isNull(required) && required.typeId() != QMetaType::Bool) {
                warn(settingAt("required"),
                     QStringLiteral("%1required: should be true or false; Meetdown ignores it")
                         .arg(prefix));
            } else if (required.typeId() == QMetaType::Bool) {
                f.required = required.toBool();
                if (!f.required)
                    schema.optional.append(f.key);
            }

            const QVariant label = setting("label");
            if (!isNull(label)) {
                if (const auto text = scalarText(label); text && !text->trimmed().isEmpty())
                    f.label = *text;
                else
                    warn(settingAt("label"), QStringLiteral("%1label: should be text").arg(prefix));
            }
            const QVariant help = setting("help");
            if (!isNull(help)) {
                if (const auto text = scalarText(help))
                    f.help = *text;
                else
                    warn(settingAt("help"), QStringLiteral("%1help: should be text").arg(prefix));
            }

            const QVariant options = setting("options");
            if (!isNull(options) && !readOptions(options, f)) {
                warn(settingAt("options"),
                     QStringLiteral("%1options: should be a list, like [a, b]").arg(prefix));
            }
            if (needsOptions(f.type) && f.options.isEmpty()) {
                warn(isNull(options) ? at : settingAt("options"),
                     QStringLiteral("%1a %2 field needs options, like options: [a, b]; Meetdown "
                                    "reads it as a string field")
                         .arg(prefix, FieldSpec::typeName(f.type)));
                f.type = FieldSpec::Type::String;
            }

            const QVariant value = setting("default");
            if (value.isValid() && !value.isNull())
                f.defaultValue = value;
            checkDefault(f, settingAt("default"), prefix);
            schema.fields.append(f);
        }
        if (schema.fields.isEmpty())
            return std::nullopt;
        return schema;
    }

    // --- prose: metadata: _posts: -----------------------------------------------------------

    std::optional<SiteSchema> prose()
    {
        const QVariant prose = site.configValue(QStringLiteral("prose"));
        if (!isMap(prose))
            return std::nullopt;
        const QVariant metadata = yamlValue(prose.value<YamlMap>(), QStringLiteral("metadata"));
        if (!isMap(metadata))
            return std::nullopt;
        const QVariant posts = yamlValue(metadata.value<YamlMap>(), QStringLiteral("_posts"));
        if (isNull(posts))
            return std::nullopt;
        const auto postsAt = lines.find(
            {QStringLiteral("prose"), QStringLiteral("metadata"), QStringLiteral("_posts")});
        if (!isList(posts)) {
            warn(postsAt, QStringLiteral("prose: metadata: _posts: should be a list of fields, "
                                         "like - name: title; Meetdown ignores it"));
            return std::nullopt;
        }
        SiteSchema schema;
        schema.source = SiteSchema::Source::Prose;
        int index = 0;
        QHash<QString, int> seen; // items by name so far, to find the line of a repeated one
        for (const QVariant &item : posts.toList()) {
            ++index;
            const QString where = QStringLiteral("prose: metadata: _posts: item %1: ").arg(index);
            if (!isMap(item)) {
                warn(postsAt, where + QStringLiteral("should be a mapping like { name: title, "
                                                     "field: { element: text } }; Meetdown "
                                                     "ignores it"));
                continue;
            }
            const YamlMap m = item.value<YamlMap>();
            const auto name = scalarText(yamlValue(m, QStringLiteral("name")));
            if (!name || name->trimmed().isEmpty()) {
                warn(postsAt, where + QStringLiteral("has no name; Meetdown ignores it"));
                continue;
            }
            const auto at = lines.findProseItem(postsAt, *name, seen[*name]++);
            if (schema.field(*name)) {
                warn(at, QStringLiteral("prose: metadata: _posts: %1: listed twice; Meetdown uses "
                                        "the first")
                             .arg(*name));
                continue;
            }
            const QString prefix = QStringLiteral("prose: metadata: _posts: %1: ").arg(*name);
            FieldSpec f;
            f.key = *name;
            f.label = labelFor(*name);
            const QVariant fieldValue = yamlValue(m, QStringLiteral("field"));
            if (!isMap(fieldValue)) {
                if (!isNull(fieldValue))
                    warn(at, prefix + QStringLiteral("field: should be a mapping like { element: "
                                                     "text }; Meetdown reads it as a text field"));
                schema.fields.append(f);
                continue;
            }
            const YamlMap field = fieldValue.value<YamlMap>();
            auto setting = [&](const char *key) {
                return yamlValue(field, QString::fromLatin1(key));
            };
            auto settingAt = [&](const char *key) {
                return lines.find({QStringLiteral("field"), QString::fromLatin1(key)}, at);
            };
            const QString element = scalarText(setting("element")).value_or(QString()).trimmed();
            using T = FieldSpec::Type;
            if (element == QLatin1String("text") || element.isEmpty()) {
                f.type = T::String;
            } else if (element == QLatin1String("textarea")) {
                f.type = T::Text;
            } else if (element == QLatin1String("select")) {
                f.type = T::Select;
            } else if (element == QLatin1String("multiselect")) {
                // Prose lets the author add values of their own to an `alterable` list.
                const QVariant alterable = setting("alterable");
                f.type = alterable.typeId() == QMetaType::Bool && alterable.toBool()
                             ? T::Tags
                             : T::MultiSelect;
            } else if (element == QLatin1String("checkbox")) {
                f.type = T::Boolean;
            } else if (element == QLatin1String("hidden")) {
                f.type = T::Hidden;
            } else {
                warn(settingAt("element"),
                     prefix + QStringLiteral("element: unknown element '%1' (Prose knows text, "
                                             "textarea, select, multiselect, checkbox, hidden); "
                                             "Meetdown reads it as a text field")
                                  .arg(element));
            }
            if (const auto label = scalarText(setting("label")); label && !label->isEmpty())
                f.label = *label;
            if (const auto help = scalarText(setting("help")))
                f.help = *help;
            const QVariant options = setting("options");
            if (!isNull(options) && !readOptions(options, f))
                warn(settingAt("options"), prefix + QStringLiteral("options: should be a list"));
            if (needsOptions(f.type) && f.options.isEmpty()) {
                warn(isNull(options) ? at : settingAt("options"),
                     prefix +
                         QStringLiteral("a %1 needs options; Meetdown reads it as a text field")
                             .arg(element));
                f.type = T::String;
            }

            QVariant value = setting("value");
            if (value.typeId() == QMetaType::QString &&
                value.toString().trimmed() == QLatin1String("CURRENT_DATETIME")) {
                f.defaultIsNow = true;
                if (f.type == T::String)
                    f.type = T::DateTime;
            } else if (value.typeId() == QMetaType::QString &&
                       value.toString().trimmed() == QLatin1String("CURRENT_USER")) {
                // Prose's GitHub login; the author named for the new post stands in for it.
            } else if (!isNull(value)) {
                // Prose writes a checkbox's "true" as a boolean.
                if (f.type == T::Boolean && value.typeId() == QMetaType::QString) {
                    const QString s = value.toString().trimmed().toLower();
                    if (s == QLatin1String("true") || s == QLatin1String("false"))
                        value = s == QLatin1String("true");
                }
                if ((f.type == T::MultiSelect || f.type == T::Tags) && !isList(value))
                    value = QVariantList{value};
                f.defaultValue = value;
                checkDefault(f, settingAt("value"), prefix);
            }
            schema.fields.append(f);
        }
        return schema;
    }
};

} // namespace

QString FieldSpec::typeName(Type type)
{
    switch (type) {
    case Type::String:
        return QStringLiteral("string");
    case Type::Text:
        return QStringLiteral("text");
    case Type::DateTime:
        return QStringLiteral("datetime");
    case Type::Boolean:
        return QStringLiteral("boolean");
    case Type::Select:
        return QStringLiteral("select");
    case Type::MultiSelect:
        return QStringLiteral("multiselect");
    case Type::Tags:
        return QStringLiteral("tags");
    case Type::Image:
        return QStringLiteral("image");
    case Type::Number:
        return QStringLiteral("number");
    case Type::List:
        return QStringLiteral("list");
    case Type::Hidden:
        return QStringLiteral("hidden");
    }
    return QStringLiteral("string");
}

std::optional<FieldSpec::Type> FieldSpec::typeFromName(const QString &name)
{
    return typeNamed(name);
}

SiteSchema SiteSchema::seed()
{
    SiteSchema schema;
    schema.source = Source::Inferred;
    schema.fields = seedFields();
    return schema;
}

SiteSchema SiteSchema::load(const Site &site, const QStringList &commonKeys)
{
    return load(site, commonKeys, {});
}

namespace {

// The seed fields, shaped by the site's habits, then the keys most of its posts use.
QList<FieldSpec> inferredFields(const QStringList &commonKeys,
                                const QHash<QString, QString> &commonKeyTypes)
{
    QList<FieldSpec> fields = seedFields();
    // A site that credits `authors:` or files under `category:` gets that field in the seed's
    // place, rather than an empty seed field beside its own at the end.
    static const QList<QPair<QString, QString>> synonyms = {
        {QStringLiteral("author"), QStringLiteral("authors")},
        {QStringLiteral("categories"), QStringLiteral("category")},
        {QStringLiteral("tags"), QStringLiteral("tag")},
    };
    for (FieldSpec &f : fields) {
        for (const auto &pair : synonyms) {
            if (f.key == pair.first && !commonKeys.contains(pair.first) &&
                commonKeys.contains(pair.second)) {
                f.key = pair.second;
                f.label = pair.second.at(0).toUpper() + pair.second.mid(1);
                f.type = pair.second == QLatin1String("authors") ? FieldSpec::Type::List : f.type;
            }
        }
    }
    auto has = [&fields](const QString &key) {
        return std::any_of(fields.cbegin(), fields.cend(),
                           [&key](const FieldSpec &f) { return f.key == key; });
    };
    for (FieldSpec &f : fields) {
        // The site's own habit wins over the seed's guess, so no post is told it is wrong.
        const auto seen = typeNamed(commonKeyTypes.value(f.key));
        if (commonKeys.contains(f.key) && seen && *seen != f.type)
            f.type = *seen;
    }
    for (const QString &key : commonKeys) {
        if (has(key))
            continue;
        FieldSpec f;
        f.key = key;
        f.label = labelFor(key);
        if (commonKeyTypes.contains(key)) {
            const auto seen = typeNamed(commonKeyTypes.value(key));
            if (!seen) // values of mixed shapes, mappings among them: the form leaves it be
                continue;
            f.type = *seen;
        } else if (key == QLatin1String("authors") || key == QLatin1String("categories") ||
                   key == QLatin1String("category") || key == QLatin1String("keywords")) {
            f.type = FieldSpec::Type::List;
        }
        fields.append(f);
    }
    for (FieldSpec &f : fields)
        f.inferred = true;
    return fields;
}

// The declared fields in their order, then Jekyll's own keys and the keys most of the site's posts
// use that the declaration leaves out, each placed after the inferred field it follows: so that
// `fields: { author: { required: true } }` tightens one field of the site's usual form instead
// of leaving a form of one field, while a full declaration stays exactly as written.
QList<FieldSpec> withUndeclared(const QList<FieldSpec> &declared,
                                const QList<FieldSpec> &allInferred, const QStringList &commonKeys)
{
    QList<FieldSpec> out = declared;
    auto indexOf = [&out](const QString &key) {
        for (qsizetype i = 0; i < out.size(); ++i) {
            if (out.at(i).key == key)
                return i;
        }
        return qsizetype(-1);
    };
    for (qsizetype i = 0; i < allInferred.size(); ++i) {
        const FieldSpec &f = allInferred.at(i);
        // Jekyll's own keys always have their field; the rest only where the posts use them.
        const bool wanted = f.key == QLatin1String("title") || f.key == QLatin1String("date") ||
                            f.key == QLatin1String("layout") || commonKeys.contains(f.key);
        if (!wanted || indexOf(f.key) >= 0)
            continue;
        // After the nearest field that comes before it in the usual order, else first.
        qsizetype after = -1;
        for (qsizetype j = i - 1; j >= 0 && after < 0; --j)
            after = indexOf(allInferred.at(j).key);
        out.insert(after + 1, f);
    }
    return out;
}

} // namespace

SiteSchema SiteSchema::load(const Site &site, const QStringList &commonKeys,
                            const QHash<QString, QString> &commonKeyTypes)
{
    if (!site.isValid())
        return seed();
    Loader loader{site, ConfigLines(site.configPath()), {}};
    std::optional<SiteSchema> schema = loader.meetdown();
    if (schema) {
        schema->fields =
            withUndeclared(schema->fields, inferredFields(commonKeys, commonKeyTypes), commonKeys);
    } else {
        schema = loader.prose();
    }
    if (!schema) {
        schema = seed();
        schema->commonKeys = commonKeys;
        schema->fields = inferredFields(commonKeys, commonKeyTypes);
    }
    schema->diagnostics = loader.diagnostics;
    return *schema;
}

QVariant FieldSpec::optionValue(int index) const
{
    if (index < 0 || index >= options.size())
        return QVariant();
    if (optionValues.size() == options.size())
        return optionValues.at(index);
    const QString &text = options.at(index);
    const std::optional<QVariant> read = JekyllYaml::resolvePlainScalar(text);
    return read && !isNull(*read) ? *read : QVariant(text);
}

int FieldSpec::optionIndex(const QVariant &value) const
{
    if (isNull(value))
        return -1;
    for (int i = 0; i < options.size(); ++i) {
        if (sameReading(optionValue(i), value))
            return i;
    }
    return -1;
}

const FieldSpec *SiteSchema::field(const QString &key) const
{
    for (const FieldSpec &f : fields) {
        if (f.key == key)
            return &f;
    }
    return nullptr;
}

QStringList SiteSchema::requiredKeys() const
{
    QStringList out;
    for (const FieldSpec &f : fields) {
        if (f.required)
            out.append(f.key);
    }
    return out;
}

QList<SiteSchema::Issue> SiteSchema::validate(const YamlMap &frontMatter) const
{
    using T = FieldSpec::Type;
    QList<Issue> out;
    for (const FieldSpec &f : fields) {
        const QVariant value = yamlValue(frontMatter, f.key);
        if (!hasValue(value)) {
            if (f.required)
                out.append({f.key, QStringLiteral("required")});
            continue;
        }
        QString problem;
        switch (f.type) {
        case T::String:
        case T::Text:
            if (isMap(value) || isList(value))
                problem =
                    QStringLiteral("should be text, not a %1")
                        .arg(isMap(value) ? QStringLiteral("mapping") : QStringLiteral("list"));
            break;
        case T::Image:
            // jekyll-seo-tag's `image: {path: ...}` is the one mapping themes understand.
            if (isList(value) ||
                (isMap(value) &&
                 !yamlValue(value.value<YamlMap>(), QStringLiteral("path")).isValid()))
                problem =
                    QStringLiteral("should be the path or URL of a picture, not a %1")
                        .arg(isMap(value) ? QStringLiteral("mapping") : QStringLiteral("list"));
            break;
        case T::Boolean:
            if (value.typeId() != QMetaType::Bool)
                problem = QStringLiteral("should be true or false");
            break;
        case T::Number:
            if (!isNumber(value))
                problem = QStringLiteral("should be a number");
            break;
        case T::DateTime:
            // Jekyll parses a string `date` itself; any other key stays the string Psych gave.
            if (!isDateOrTime(value) &&
                !(f.key == QLatin1String("date") && value.typeId() == QMetaType::QString &&
                  JekyllRules::postDate(value, QTimeZone::utc())))
                problem = QStringLiteral("should be a date and time Jekyll reads as one, like "
                                         "2024-05-01 18:30:00 +0200");
            break;
        case T::Tags:
            // One tag is a fine value; Jekyll even splits a `tags` or `categories` string at
            // spaces.
            if (isMap(value))
                problem = QStringLiteral("should be a list, like [a, b], not a mapping");
            break;
        case T::List:
            if (isMap(value))
                problem = QStringLiteral("should be a list, like [a, b], not a mapping");
            // Layouts loop over a list; a lone value is one item only where Jekyll splits it.
            else if (!isList(value) && f.key != QLatin1String("tags") &&
                     f.key != QLatin1String("categories"))
                problem = QStringLiteral("should be a list, like [%1], not one value")
                              .arg(scalarText(value).value_or(QStringLiteral("a, b")));
            break;
        case T::Select: {
            const auto text = scalarText(value);
            if (!text)
                problem =
                    QStringLiteral("should be one value, one of: %1").arg(quotedList(f.options));
            else if (f.optionIndex(value) < 0)
                problem = notAnOption(f, value, *text);
            break;
        }
        case T::MultiSelect: {
            if (isMap(value)) {
                problem = QStringLiteral("should be a list, like [a, b], not a mapping");
                break;
            }
            const QVariantList items = isList(value) ? value.toList() : QVariantList{value};
            for (const QVariant &item : items) {
                const auto text = scalarText(item);
                if (!text) {
                    problem = QStringLiteral("should be a list of values from: %1")
                                  .arg(quotedList(f.options));
                    break;
                }
                if (f.optionIndex(item) < 0) {
                    problem = notAnOption(f, item, *text);
                    break;
                }
            }
            break;
        }
        case T::Hidden:
            break;
        }
        if (!problem.isEmpty())
            out.append({f.key, problem});
    }
    return out;
}

} // namespace Meetdown
