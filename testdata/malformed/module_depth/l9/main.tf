module "next" {
  source = "../l10"
}
