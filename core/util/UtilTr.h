#pragma once
// UtilTr: the one translation context of the util library ("fw::util"). Texts of this
// library that reach the operator go through UtilTr::tr(), so lupdate files them together and
// a class moving inside the library keeps its translations.

#include <QCoreApplication>

namespace fw {

struct UtilTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::util)
};

} // namespace fw
