// MynaVAD: placeholder until its first sources land (DESIGN.md §1).
