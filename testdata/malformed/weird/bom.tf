variable "bom" {
  default = "rate(1 day)"
}
