# expect(+2): JC001
variable "x" {
  default = "ÿþ"
}
