#include "DegreesMinutes.h"

#include <cmath>

namespace fw {

QByteArray degreesMinutes(double value, int degreeDigits, int minuteDecimals)
{
    const double a = std::fabs(value);
    int deg = static_cast<int>(a);
    double min = (a - deg) * 60.0;
    const double scale = std::pow(10.0, minuteDecimals);
    if (std::round(min * scale) >= 60.0 * scale) {
        ++deg;
        min = 0.0;
    }
    return QByteArray::number(deg).rightJustified(degreeDigits, '0')
        + QByteArray::number(min, 'f', minuteDecimals).rightJustified(3 + minuteDecimals, '0');
}

} // namespace fw
