#include "Arguments.h"
#include "CliTr.h"

#include "CommandLine.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

namespace fw::cli {

QString takeOption(QStringList &args, const QString &name, bool *present)
{
    if (present)
        *present = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == name) {
            if (present)
                *present = true;
            if (i + 1 >= args.size()) {
                args.removeAt(i);
                return {};
            }
            const QString value = args.at(i + 1);
            args.remove(i, 2);
            return value;
        }
        if (a.startsWith(name + QLatin1Char('='))) {
            if (present)
                *present = true;
            const QString value = a.mid(name.size() + 1);
            args.removeAt(i);
            return value;
        }
    }
    return {};
}

QStringList takeOptions(QStringList &args, const QString &name)
{
    QStringList values;
    bool present = true;
    while (present) {
        const QString v = takeOption(args, name, &present);
        if (present)
            values << v;
    }
    return values;
}

bool takeFlag(QStringList &args, const QString &name)
{
    return args.removeAll(name) > 0;
}

namespace {
qsizetype editDistance(QStringView a, QStringView b)
{
    QList<qsizetype> row(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (qsizetype i = 1; i <= a.size(); ++i) {
        qsizetype diagonal = row[0];
        row[0] = i;
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const qsizetype above = row[j];
            const qsizetype cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({ row[j] + 1, row[j - 1] + 1, diagonal + cost });
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Levenshtein distance where a swap of two neighbours ("statsu") counts as one edit, not two.
qsizetype distanceWithSwaps(const QString &a, const QString &b)
{
    qsizetype best = editDistance(a, b);
    for (qsizetype i = 0; i + 1 < a.size(); ++i) {
        QString swapped = a;
        std::swap(swapped[i], swapped[i + 1]);
        if (swapped == b)
            best = std::min<qsizetype>(best, 1);
    }
    return best;
}
} // namespace

QString nearestName(const QString &word, const QStringList &candidates)
{
    QString best;
    qsizetype bestDistance = std::max<qsizetype>(1, (word.size() + 2) / 3) + 1;
    for (const QString &c : candidates) {
        const qsizetype d = distanceWithSwaps(word.toLower(), c.toLower());
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

QStringList knownOptionNames()
{
    static const QStringList names = [] {
        QStringList list;
        static const QRegularExpression option(QStringLiteral("--[a-z][a-z-]*"));
        const QString help = helpText();
        for (auto it = option.globalMatch(help); it.hasNext();) {
            const QString name = it.next().captured();
            if (!list.contains(name))
                list << name;
        }
        return list;
    }();
    return names;
}

QString unexpectedArgumentMessage(const QString &command, const QString &argument)
{
    const QString who = command.isEmpty() ? QStringLiteral("fleetwatch")
                                          : QStringLiteral("fleetwatch ") + command;
    if (argument.startsWith(QLatin1Char('-')) && argument.size() > 1) {
        const QString name = argument.section(QLatin1Char('='), 0, 0);
        const QString suggestion = nearestName(name, knownOptionNames());
        if (!suggestion.isEmpty())
            return CliTr::tr("%1: unknown option \"%2\"; did you mean \"%3\"?")
                .arg(who, name, suggestion);
        return CliTr::tr("%1: unknown option \"%2\" (see --help)")
            .arg(who, name);
    }
    return CliTr::tr("%1: unexpected argument \"%2\"")
        .arg(who, argument);
}

} // namespace fw::cli
