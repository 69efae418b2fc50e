// Jekyll's YAML: plain scalars resolved as Psych resolves them, and strings written so that
// Psych reads them back unchanged. Ruby (Debian's, Jekyll's Psych) is the oracle.

#include "testutil.h"

#include <editor/jekyllyaml.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

namespace {

const QStringList plainScalars = {
    QStringLiteral("no"),
    QStringLiteral("No"),
    QStringLiteral("NO"),
    QStringLiteral("yes"),
    QStringLiteral("on"),
    QStringLiteral("off"),
    QStringLiteral("true"),
    QStringLiteral("False"),
    QStringLiteral("y"),
    QStringLiteral("n"),
    QStringLiteral("null"),
    QStringLiteral("Null"),
    QStringLiteral("nUlL"),
    QStringLiteral("~"),
    QStringLiteral("12:30"),
    QStringLiteral("1:02:03"),
    QStringLiteral("-12:30"),
    QStringLiteral("12:30.5"),
    QStringLiteral("0755"),
    QStringLiteral("08"),
    QStringLiteral("0"),
    QStringLiteral("-0"),
    QStringLiteral("3,5"),
    QStringLiteral("1,000,000"),
    QStringLiteral("1_000"),
    QStringLiteral("0x1F"),
    QStringLiteral("0b101"),
    QStringLiteral("+12"),
    QStringLiteral("1.5"),
    QStringLiteral(".5"),
    QStringLiteral("1."),
    QStringLiteral("1.5e+3"),
    QStringLiteral("1e3"),
    QStringLiteral("+.inf"),
    QStringLiteral("-.Inf"),
    QStringLiteral(".NaN"),
    QStringLiteral("."),
    QStringLiteral("-."),
    QStringLiteral("2024-05-01"),
    QStringLiteral("2024-5-1"),
    QStringLiteral("2024-02-30"),
    QStringLiteral("2024-13-01"),
    QStringLiteral("2024-05-01 18:30:00 +0530"),
    QStringLiteral("2024-05-01T18:30:00Z"),
    QStringLiteral("2024-05-01 18:30:00"),
    QStringLiteral("2024-05-01 18:30:00.25 -07:00"),
    QStringLiteral("2024-05-01t08:00:00+01"),
    QStringLiteral("2015-08-22 10:00"),
    QStringLiteral("meetup"),
    QStringLiteral("Talks – March, 2021"),
    QStringLiteral("1st meetup"),
    QStringLiteral("v1.2"),
    QStringLiteral("1.2.3"),
    QStringLiteral("12:60"),
    QStringLiteral("a b"),
    QStringLiteral("$100"),
    QStringLiteral("100%"),
    QStringLiteral("é"),
    QStringLiteral("2024"),
    QStringLiteral("-2024"),
    QStringLiteral("1__0"),
    QStringLiteral("0o17"),
    QStringLiteral("yes please"),
    QStringLiteral("onward"),
    QStringLiteral("Nope"),
    QStringLiteral("truer"),
};

QJsonObject rubyLoad(const QByteArray &yaml)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("doc.yml"));
    TestUtil::writeAll(path, yaml);
    const auto r = TestUtil::run(QStringLiteral("ruby"),
                                 {TestUtil::oracleScript(), QStringLiteral("--yaml"), path});
    return QJsonDocument::fromJson(r.out).object();
}

} // namespace

class TestJekyllYaml final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void resolvesLikePsych();
    void quotedRoundTripsThroughRuby();
    void specificValues();
    void refusedValues();
    void quotedFalseIsAString();
    void jsonKeepsKeyOrder();
};

void TestJekyllYaml::initTestCase()
{
    // A zone that is not UTC, so that zone-less times are told apart from UTC ones.
    qputenv("TZ", "Asia/Kolkata");
}

void TestJekyllYaml::resolvesLikePsych()
{
    QByteArray yaml;
    for (int i = 0; i < plainScalars.size(); ++i)
        yaml += "k" + QByteArray::number(i) + ": " + plainScalars.at(i).toUtf8() + "\n";
    const QJsonObject ruby = rubyLoad(yaml);
    QVERIFY2(ruby.contains(QStringLiteral("data")),
             qPrintable(ruby.value(QStringLiteral("error")).toString()));
    const QJsonObject expected = ruby.value(QStringLiteral("data")).toObject();
    const YamlDocument doc = JekyllYaml::load(yaml);
    QVERIFY(doc.isLoaded());
    const QJsonObject ours = QJsonDocument::fromJson(JekyllYaml::toJson(doc.root)).object();
    for (int i = 0; i < plainScalars.size(); ++i) {
        const QString key = QStringLiteral("k%1").arg(i);
        QVERIFY2(
            ours.value(key) == expected.value(key),
            qPrintable(
                QStringLiteral("%1: ours %2, Ruby %3")
                    .arg(plainScalars.at(i),
                         QString::fromUtf8(QJsonDocument(QJsonObject{{key, ours.value(key)}})
                                               .toJson(QJsonDocument::Compact)),
                         QString::fromUtf8(QJsonDocument(QJsonObject{{key, expected.value(key)}})
                                               .toJson(QJsonDocument::Compact)))));
    }
}

void TestJekyllYaml::quotedRoundTripsThroughRuby()
{
    QStringList strings = plainScalars;
    strings += {QStringLiteral("-"),           QStringLiteral("Foo: bar"),
                QStringLiteral("#12"),         QStringLiteral("- item"),
                QStringLiteral("@user"),       QStringLiteral("a #b"),
                QStringLiteral("ends:"),       QStringLiteral(" lead"),
                QStringLiteral("trail "),      QString(),
                QStringLiteral("[x]"),         QStringLiteral("{y: 1}"),
                QStringLiteral("*star"),       QStringLiteral("&anchor"),
                QStringLiteral("!tag"),        QStringLiteral("|"),
                QStringLiteral(">"),           QStringLiteral("%x"),
                QStringLiteral("'s'"),         QStringLiteral("\"d\""),
                QStringLiteral("line\nbreak"), QStringLiteral("tab\there"),
                QStringLiteral(":symbol"),     QStringLiteral("back\\slash"),
                QStringLiteral("`code`"),      QStringLiteral("? q"),
                QStringLiteral("a, b"),        QStringLiteral("x\u2028y"),
                QStringLiteral("bell\u0007"),  QStringLiteral("emoji 😀")};
    QByteArray yaml;
    QByteArray yamlSingle;
    QByteArray flow = "list: [";
    for (int i = 0; i < strings.size(); ++i) {
        yaml +=
            "k" + QByteArray::number(i) + ": " + JekyllYaml::quoted(strings.at(i)).toUtf8() + "\n";
        yamlSingle += "k" + QByteArray::number(i) + ": " +
                      JekyllYaml::quoted(strings.at(i), '\'').toUtf8() + "\n";
        flow += (i ? ", " : "") +
                JekyllYaml::quoted(strings.at(i), '"', false, JekyllYaml::Context::Flow).toUtf8();
    }
    flow += "]\n";
    for (const QByteArray &doc : {yaml, yamlSingle}) {
        const QJsonObject ruby = rubyLoad(doc);
        QVERIFY2(
            ruby.contains(QStringLiteral("data")),
            qPrintable(ruby.value(QStringLiteral("error")).toString() + QString::fromUtf8(doc)));
        const QJsonObject data = ruby.value(QStringLiteral("data")).toObject();
        const YamlDocument ours = JekyllYaml::load(doc);
        for (int i = 0; i < strings.size(); ++i) {
            const QString key = QStringLiteral("k%1").arg(i);
            QVERIFY2(data.value(key) == QJsonValue(strings.at(i)),
                     qPrintable(QStringLiteral("Ruby read back %1 for %2")
                                    .arg(data.value(key).toVariant().toString(), strings.at(i))));
            QCOMPARE(yamlValue(ours.map(), key), QVariant(strings.at(i)));
        }
    }
    const QJsonObject ruby = rubyLoad(flow);
    const QJsonArray list =
        ruby.value(QStringLiteral("data")).toObject().value(QStringLiteral("list")).toArray();
    QCOMPARE(list.size(), strings.size());
    for (int i = 0; i < strings.size(); ++i)
        QCOMPARE(list.at(i).toString(), strings.at(i));
}

void TestJekyllYaml::specificValues()
{
    QCOMPARE(*JekyllYaml::resolvePlainScalar(QStringLiteral("no")), QVariant(false));
    QCOMPARE(*JekyllYaml::resolvePlainScalar(QStringLiteral("on")), QVariant(true));
    QCOMPARE(*JekyllYaml::resolvePlainScalar(QStringLiteral("0755")), QVariant(qlonglong(493)));
    QCOMPARE(*JekyllYaml::resolvePlainScalar(QStringLiteral("12:30")), QVariant(qlonglong(45000)));
    QCOMPARE(*JekyllYaml::resolvePlainScalar(QStringLiteral("3,5")), QVariant(qlonglong(35)));
    QCOMPARE(JekyllYaml::resolvePlainScalar(QStringLiteral("2024-05-01"))->typeId(),
             int(QMetaType::QDate));
    QCOMPARE(JekyllYaml::resolvePlainScalar(QStringLiteral("2024-05-01 10:00:00 +0530"))
                 ->toDateTime()
                 .offsetFromUtc(),
             19800);
}

void TestJekyllYaml::refusedValues()
{
    QVERIFY(!JekyllYaml::resolvePlainScalar(QStringLiteral(":compressed")));
    const YamlDocument doc = JekyllYaml::load("style: :compressed\nother: 1\n");
    QVERIFY(doc.isLoaded());
    QVERIFY(doc.refused);
    QCOMPARE(doc.diagnostics.first().line, 1);
    QCOMPARE(doc.diagnostics.first().column, 8);
    const YamlDocument tagged = JekyllYaml::load("x: !ruby/object:Foo {}\n");
    QVERIFY(tagged.refused);
    const YamlDocument unclosed = JekyllYaml::load("title: \"unclosed\nauthor: x\n");
    QVERIFY(unclosed.refused);
    QVERIFY(rubyLoad("title: \"unclosed\nauthor: x\n").contains(QStringLiteral("error")));
}

void TestJekyllYaml::quotedFalseIsAString()
{
    const YamlDocument doc = JekyllYaml::load("a: \"false\"\nb: false\nc: 'no'\nd: ''\ne:\n");
    const YamlMap map = doc.map();
    QCOMPARE(yamlValue(map, QStringLiteral("a")), QVariant(QStringLiteral("false")));
    QCOMPARE(yamlValue(map, QStringLiteral("b")), QVariant(false));
    QCOMPARE(yamlValue(map, QStringLiteral("c")), QVariant(QStringLiteral("no")));
    QCOMPARE(yamlValue(map, QStringLiteral("d")), QVariant(QString()));
    QVERIFY(!yamlValue(map, QStringLiteral("e")).isValid());
}

void TestJekyllYaml::jsonKeepsKeyOrder()
{
    const YamlDocument doc = JekyllYaml::load("z: 1\na: [x, {b: 2}]\nm: 2024-05-01\n");
    QCOMPARE(JekyllYaml::toJson(doc.root, false),
             QByteArray("{\"z\":1,\"a\":[\"x\",{\"b\":2}],\"m\":\"2024-05-01\"}"));
}

QTEST_GUILESS_MAIN(TestJekyllYaml)
#include "tst_jekyllyaml.moc"
