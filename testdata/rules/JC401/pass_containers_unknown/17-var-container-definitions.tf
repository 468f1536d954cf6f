variable "container_definitions" {
  type = string
}
