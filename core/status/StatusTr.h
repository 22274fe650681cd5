#pragma once
// StatusTr: the one translation context of the status library ("fw::status"). Texts of this
// library that reach the operator go through StatusTr::tr(), so lupdate files them together and
// a class moving inside the library keeps its translations.

#include <QCoreApplication>

namespace fw {

struct StatusTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::status)
};

} // namespace fw
