#include "Arguments.h"

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

} // namespace fw::cli
