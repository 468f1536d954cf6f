variable "x" {
  default = "Ã("
}
