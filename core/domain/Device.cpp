#include "Device.h"

#include <algorithm>

namespace fw {

bool isValidImei(QStringView id)
{
    if (id.size() != 15)
        return false;
    int sum = 0;
    for (int i = 0; i < 15; ++i) {
        const QChar c = id.at(i);
        if (!c.isDigit())
            return false;
        int d = c.digitValue();
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

bool hasWrongImeiCheckDigit(QStringView id)
{
    return id.size() == 15
        && std::all_of(id.begin(), id.end(), [](QChar c) { return c.isDigit(); })
        && !isValidImei(id);
}

int imeiCheckDigit(QStringView id)
{
    int sum = 0;
    for (int i = 0; i < 14 && i < id.size(); ++i) {
        int d = id.at(i).digitValue();
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return (10 - sum % 10) % 10;
}

bool isAcceptableUniqueId(QStringView id)
{
    if (id.isEmpty() || id.size() > 64)
        return false;
    for (QChar c : id) {
        const ushort u = c.unicode();
        if (u <= 0x20 || u >= 0x7f || c == QLatin1Char(','))
            return false;
    }
    return true;
}

} // namespace fw
